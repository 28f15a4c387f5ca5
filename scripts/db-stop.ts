import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../server/config';
import { clusterDataDir, clusterIsRunning, stopCluster } from './lib/private_cluster';

const { config } = loadConfig();
const dataDir = clusterDataDir(config.dataDir);
if (!existsSync(join(dataDir, 'PG_VERSION'))) {
  console.log(`[diagis] no embedded database under ${dataDir}`);
} else if (!clusterIsRunning(dataDir, config.privateCluster.binDir)) {
  console.log('[diagis] the embedded database is not running');
} else {
  stopCluster(dataDir, config.privateCluster.binDir);
  console.log('[diagis] embedded database stopped');
}
