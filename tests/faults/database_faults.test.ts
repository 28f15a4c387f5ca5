import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../core/auth/passwords';
import { startCluster, stopCluster } from '../../scripts/lib/private_cluster';
import { type ServerProcess, startServerProcess } from '../../scripts/lib/server_process';
import { type ThrowawayCluster, throwawayCluster } from '../support/throwaway_cluster';

// These tests kill database connections and stop the database, so they get a cluster of
// their own and run the server as a real child process: what must survive is that
// process, exactly as `npm start` runs it.
const root = new URL('../..', import.meta.url).pathname;
const adminPassword = 'fault-test-password';
let own: ThrowawayCluster;
let cluster: ThrowawayCluster['cluster'];
let databaseUrl: string;
let server: ServerProcess;
let base: string;

beforeAll(async () => {
  own = await throwawayCluster('faults');
  cluster = own.cluster;
  const admin = new pg.Client(cluster.adminUrl);
  await admin.connect();
  await admin.query('CREATE DATABASE diagis_faults');
  await admin.end();
  databaseUrl = cluster.urlFor('diagis_faults');
  server = await startServerProcess({
    root,
    env: {
      DATABASE_URL: databaseUrl,
      PORT: '0',
      DIAGIS_DEMO: 'false',
      DIAGIS_LOG_LEVEL: 'warn',
      DIAGIS_DB_POOL_SIZE: '6',
      DIAGIS_STATEMENT_TIMEOUT_MS: '20000',
      // The load below is one client address: a budget it never spends, but the limiter
      // (shared by processes through PostgreSQL) still runs, through the outage too.
      DIAGIS_PUBLIC_API_PER_MINUTE: '1000000',
    },
  });
  base = server.url;
  // An administrator of this database only, for the staff write below.
  const db = new pg.Client(databaseUrl);
  await db.connect();
  await db.query(
    `INSERT INTO auth.app_user (username, display_name, password_hash, role)
     VALUES ('fault.admin', 'Fault test admin', $1, 'admin')`,
    [await hashPassword(adminPassword)],
  );
  await db.end();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  own?.remove();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: string;
}

const request = async (path: string, init: RequestInit = {}): Promise<Answer> => {
  const response = await fetch(`${base}${path}`, init);
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: await response.text(),
  };
};

/**
 * Backends of the server's pools (staff and public) that are running a query and waiting on a lock. Asked on
 * a connection of its own: inside the transaction that holds the lock, pg_stat_activity
 * would be one snapshot that never changes.
 */
async function waitForBlockedBackends(atLeast: number): Promise<number[]> {
  const watcher = new pg.Client(databaseUrl);
  await watcher.connect();
  try {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const { rows } = await watcher.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE datname = 'diagis_faults' AND application_name IN ('diagis', 'diagis-public')
            AND state = 'active' AND wait_event_type = 'Lock'`,
      );
      if (rows.length >= atLeast) return rows.map((row) => row.pid);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`fewer than ${atLeast} server backends blocked within 15 s`);
  } finally {
    await watcher.end();
  }
}

async function signInAdmin(): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'fault.admin', password: adminPassword }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

const expectServerAlive = () => {
  expect(server.exit(), `server exited:\n${server.output()}`).toBeUndefined();
};

describe('a database connection dropped under a request', () => {
  it('answers 503 with Retry-After to the public reads whose backends were terminated, and stays up', async () => {
    const db = new pg.Client(databaseUrl);
    await db.connect();
    try {
      // Hold the procedure table so anonymous reads (asPublic, a checked-out client) block.
      await db.query('BEGIN');
      await db.query('LOCK TABLE dossier.procedure IN ACCESS EXCLUSIVE MODE');
      const reads = [1, 2, 3, 4].map(() => request('/api/procedures'));
      const pids = await waitForBlockedBackends(4);
      await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      const answers = await Promise.all(reads);
      for (const answer of answers) {
        expect(answer.status, answer.body).toBe(503);
        expect(answer.retryAfter).toBe('5');
      }
      await db.query('ROLLBACK');
    } finally {
      await db.end();
    }
    // The pool threw the dead clients away: the same route works at once.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectServerAlive();
    const after = await request('/api/procedures');
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body).procedures.length).toBeGreaterThan(0);
  });

  it('answers 503 to a staff write whose transaction lost its backend, writes nothing, and stays up', async () => {
    const { cookie, csrfToken } = await signInAdmin();
    const db = new pg.Client(databaseUrl);
    await db.connect();
    const day = '2031-05-19';
    try {
      await db.query('BEGIN');
      await db.query('LOCK TABLE dossier.holiday IN ACCESS EXCLUSIVE MODE');
      const write = request('/api/holidays', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ day, name: 'Fault test holiday' }),
      });
      const pids = await waitForBlockedBackends(1);
      await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
      const answer = await write;
      expect(answer.status, answer.body).toBe(503);
      expect(answer.retryAfter).toBe('5');
      await db.query('ROLLBACK');
      const { rowCount } = await db.query('SELECT 1 FROM dossier.holiday WHERE day = $1', [day]);
      expect(rowCount).toBe(0);
    } finally {
      await db.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expectServerAlive();
    // The same write succeeds once the database answers again.
    const retry = await request('/api/holidays', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ day, name: 'Fault test holiday' }),
    });
    expect(retry.status, retry.body).toBe(201);
  });
});

describe('the database stopped and started under load', () => {
  it('answers only 200 or 503 with Retry-After during the outage, 200 after, without a restart', async () => {
    const paths = ['/api/procedures', '/api/holidays?year=2031', '/ogc/collections', '/ready'];
    const answers: (Answer & { path: string; phase: string })[] = [];
    let phase = 'before';
    let running = true;
    // Eight clients in a bounded loop (at most 60 s) while the database goes away and back.
    const deadline = Date.now() + 60_000;
    const client = async (index: number) => {
      let turn = index;
      while (running && Date.now() < deadline) {
        const path = paths[turn++ % paths.length] as string;
        answers.push({ ...(await request(path)), path, phase });
      }
    };
    const load = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(client));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    phase = 'outage';
    stopCluster(cluster.dataDir);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    startCluster(cluster.dataDir);
    phase = 'after';
    // Give the pool a moment to reconnect, then keep the load for two more seconds.
    const readyBy = Date.now() + 15_000;
    while (Date.now() < readyBy && (await request('/ready')).status !== 200) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    phase = 'settled';
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    running = false;
    await load;

    expectServerAlive();
    const unexpected = answers.filter(
      (answer) => !(answer.status === 200 || (answer.status === 503 && answer.retryAfter !== null)),
    );
    expect(unexpected.map((a) => `${a.phase} ${a.path} ${a.status} ${a.body}`)).toEqual([]);
    expect(answers.filter((a) => a.phase === 'before' && a.status === 200).length).toBeGreaterThan(
      0,
    );
    expect(answers.filter((a) => a.phase === 'outage' && a.status === 503).length).toBeGreaterThan(
      0,
    );
    const settled = answers.filter((a) => a.phase === 'settled');
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((a) => a.status !== 200).map((a) => `${a.path} ${a.status}`)).toEqual([]);
  });
});
