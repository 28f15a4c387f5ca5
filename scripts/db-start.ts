import { loadConfig, redactUrl } from '../server/config';
import { ensurePrivateCluster } from './lib/database_bootstrap';

const { config } = loadConfig();
const cluster = await ensurePrivateCluster(config, (message) => console.log(`[diagis] ${message}`));
console.log(`[diagis] embedded database running: ${redactUrl(cluster.urlFor('diagis'))}`);
