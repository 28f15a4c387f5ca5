import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../core/auth/passwords';
import { type ServerProcess, startServerProcess } from '../../scripts/lib/server_process';

// Two real server processes on the test database, as behind a load balancer: a client whose
// requests are spread over both must get the configured budget in total, not per process.
const root = new URL('../..', import.meta.url).pathname;
const limits = { api: 40, tiles: 600, tracking: 6 };
const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
// A client address of each test's own: the counters are shared by every app on the database.
const addressOf = (test: number) => `2001:db8:${test.toString(16)}::${hex()}:${hex()}:${hex()}`;
const staffPassword = `staff-${hex()}-${hex()}`;
const staffName = `limits.staff.${hex()}${hex()}`;
// A bucket row last refilled long ago (full again), which a server must delete.
const staleClient = addressOf(0xdead);
const trackingClient = addressOf(4);
let db: pg.Client;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  db = new pg.Client(inject('databaseUrl'));
  await db.connect();
  await db.query(
    `INSERT INTO auth.app_user (username, display_name, password_hash, role)
     VALUES ($1, 'Rate limit test viewer', $2, 'viewer')`,
    [staffName, await hashPassword(staffPassword)],
  );
  await db.query(
    `INSERT INTO throttle.bucket (budget, client, tokens, granted, refilled_at)
     VALUES ('api', $1, 3, 1, now() - interval '5 minutes')`,
    [staleClient],
  );
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    PORT: '0',
    DIAGIS_DEMO: 'false',
    DIAGIS_LOG_LEVEL: 'warn',
    DIAGIS_DB_POOL_SIZE: '4',
    DIAGIS_TRUST_PROXY: 'true',
    DIAGIS_PUBLIC_API_PER_MINUTE: String(limits.api),
    DIAGIS_PUBLIC_TILES_PER_MINUTE: String(limits.tiles),
    DIAGIS_PUBLIC_TRACKING_PER_MINUTE: String(limits.tracking),
  };
  servers = await Promise.all([
    startServerProcess({ root, env }),
    startServerProcess({ root, env }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await db?.end();
});

/** Sends `count` GETs from `address`, alternating between the two servers, `parallel` at a time. */
async function spread(path: string, address: string, count: number, parallel: number) {
  const answers: { server: number; status: number; retryAfter: string | null }[] = [];
  const started = performance.now();
  for (let sent = 0; sent < count; sent += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - sent) }, async (_, i) => {
      const server = (sent + i) % 2;
      const response = await fetch(`${servers[server]?.url}${path}`, {
        headers: { 'X-Forwarded-For': address },
      });
      await response.arrayBuffer();
      return { server, status: response.status, retryAfter: response.headers.get('retry-after') };
    });
    answers.push(...(await Promise.all(batch)));
  }
  const seconds = (performance.now() - started) / 1000;
  const passed = answers.filter((answer) => answer.status !== 429);
  return { answers, passed, seconds };
}

const refillOf = (perMinute: number, seconds: number) => Math.floor((perMinute / 60) * seconds);

describe('rate limits shared by every server process', () => {
  it('gives an address its API budget once over two processes, exactly, and staff are not counted', async () => {
    const address = addressOf(1);
    const { answers, passed, seconds } = await spread('/api/procedures', address, 100, 10);
    // The bucket holds the budget and refills it over a minute while the requests run.
    expect(passed.length).toBeGreaterThanOrEqual(limits.api);
    expect(passed.length).toBeLessThanOrEqual(limits.api + refillOf(limits.api, seconds));
    expect(passed.every((answer) => answer.status === 200)).toBe(true);
    // Both processes served and both refused: the budget is one, not one each.
    for (const server of [0, 1]) {
      const mine = answers.filter((answer) => answer.server === server);
      expect(mine.some((answer) => answer.status === 200)).toBe(true);
      expect(mine.some((answer) => answer.status === 429)).toBe(true);
    }
    const refused = answers.find((answer) => answer.status === 429);
    expect(Number(refused?.retryAfter)).toBeGreaterThanOrEqual(1);

    // The same address signed in is staff: not counted, on either process.
    const login = await fetch(`${servers[1]?.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': addressOf(2) },
      body: JSON.stringify({ username: staffName, password: staffPassword }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    for (const server of servers) {
      const staff = await fetch(`${server.url}/api/procedures`, {
        headers: { 'X-Forwarded-For': address, Cookie: cookie },
      });
      expect(staff.status).toBe(200);
    }
    const anonymous = await fetch(`${servers[0]?.url}/api/procedures`, {
      headers: { 'X-Forwarded-For': address },
    });
    expect(anonymous.status).toBe(429);
  });

  it('gives an address its tile budget once over two processes, within one block per process', async () => {
    // A TileJSON name that does not exist: answered 404 without the database, after the limit.
    const { passed, seconds } = await spread('/tiles/no_such_layer.json', addressOf(3), 1000, 50);
    // Each process reserves blocks of perMinute / 50 tokens; what one holds unused when the
    // burst ends is lost to the client, never given twice.
    const block = limits.tiles / 50;
    expect(passed.length).toBeGreaterThanOrEqual(limits.tiles - 2 * block);
    expect(passed.length).toBeLessThanOrEqual(limits.tiles + refillOf(limits.tiles, seconds));
    expect(passed.every((answer) => answer.status === 404)).toBe(true);
  });

  it('limits dossier tracking exactly over two processes', async () => {
    const { passed, seconds, answers } = await spread(
      '/api/public/dossiers/HS-NONE-0000-0000-0000',
      trackingClient,
      30,
      6,
    );
    expect(passed.length).toBeGreaterThanOrEqual(limits.tracking);
    expect(passed.length).toBeLessThanOrEqual(limits.tracking + refillOf(limits.tracking, seconds));
    expect(passed.every((answer) => answer.status === 404)).toBe(true);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(new Set(refused.map((answer) => answer.server))).toEqual(new Set([0, 1]));
    // At 6 a minute the next token is due within 10 s.
    for (const answer of refused) {
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(10);
    }
  });

  it('deletes buckets that have refilled completely', async () => {
    // Each server sweeps on its first reservation; the tests above made several.
    const deadline = Date.now() + 10_000;
    let left = 1;
    while (left > 0 && Date.now() < deadline) {
      const { rows } = await db.query(
        "SELECT count(*)::int AS n FROM throttle.bucket WHERE budget = 'api' AND client = $1",
        [staleClient],
      );
      left = rows[0].n;
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(left).toBe(0);
    // Buckets in use stay: the tracking address was refused seconds ago.
    const { rows } = await db.query(
      "SELECT count(*)::int AS n FROM throttle.bucket WHERE budget = 'tracking' AND client = $1",
      [trackingClient],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });
});
