import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterHandle, ensureCluster, stopCluster } from '../../scripts/lib/private_cluster';

/** A free TCP port on 127.0.0.1 (free when asked; pick it right before use). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** A private PostgreSQL cluster of one test file, and the folder it lives in. */
export interface ThrowawayCluster {
  cluster: ClusterHandle;
  /** Its bookkeeping folder (password, port), where the test may also keep other files. */
  stateDir: string;
  /** Stops the cluster and deletes everything under `stateDir`. */
  remove(): void;
}

/**
 * For tests that stop, crash or replicate a database: a small cluster of their own on a
 * free port, so the suite's shared cluster is never touched.
 */
export async function throwawayCluster(name: string): Promise<ThrowawayCluster> {
  const stateDir = mkdtempSync(join(tmpdir(), `diagis-${name}-`));
  // The postgres system user must reach the data folder below it.
  chmodSync(stateDir, 0o755);
  const cluster = await ensureCluster({
    stateDir,
    port: await freePort(),
    settings: { shared_buffers: "'64MB'" },
  });
  return {
    cluster,
    stateDir,
    remove: () => {
      stopCluster(cluster.dataDir);
      rmSync(cluster.dataDir, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
