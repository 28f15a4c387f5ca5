import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, stopCluster } from '../../scripts/lib/private_cluster';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createPool } from '../../server/db/pool';
import { createLogger } from '../../server/logger';
import { type ThrowawayCluster, throwawayCluster } from '../support/throwaway_cluster';

// This test stops and starts a database, so it gets a small cluster of its own.
let own: ThrowawayCluster;
let cluster: ThrowawayCluster['cluster'];
let pool: pg.Pool;
let publicPool: pg.Pool;
let server: Server;
let base: string;

beforeAll(async () => {
  own = await throwawayCluster('restart');
  cluster = own.cluster;
  const { config } = loadConfig({});
  const logger = createLogger('silent');
  pool = createPool(
    { connectionString: cluster.adminUrl, size: 4, statementTimeoutMs: 5_000 },
    logger,
  );
  publicPool = createPool(
    { connectionString: cluster.adminUrl, size: 2, statementTimeoutMs: 5_000 },
    logger,
    'public',
  );
  server = createServer(createApp({ config, pool, publicPool, logger }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await Promise.all([pool.end(), publicPool.end()]);
  own.remove();
});

const status = async (path: string, headers: Record<string, string> = {}) =>
  (await fetch(`${base}${path}`, { headers })).status;

async function waitForStatus(path: string, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    last = await status(path);
    if (last === expected) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

describe('database outage', () => {
  it('answers /ready 503 while the database is stopped and 200 after it restarts, without a server restart', async () => {
    expect(await status('/ready')).toBe(200);
    // Keep a few idle connections in the pool so the outage kills them under it.
    await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));

    stopCluster(cluster.dataDir);
    expect(await status('/ready')).toBe(503);
    expect(await status('/health')).toBe(200);
    // A request that needs the database gets 503, not a crash or a 500.
    const me = await fetch(`${base}/api/me`, {
      headers: { Cookie: `diagis_session=${'a'.repeat(43)}` },
    });
    expect(me.status).toBe(503);
    expect(me.headers.get('retry-after')).toBe('5');

    startCluster(cluster.dataDir);
    expect(await waitForStatus('/ready', 200, 15_000)).toBe(200);
    expect(await status('/health')).toBe(200);
  });
});
