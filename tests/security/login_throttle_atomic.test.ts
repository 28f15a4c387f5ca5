import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../core/auth/passwords';
import { type ServerProcess, startServerProcess } from '../../scripts/lib/server_process';

// Two real server processes on the test database, as behind a load balancer: the sign-in
// limit must hold for guesses that arrive at once, on both processes.
const root = new URL('../..', import.meta.url).pathname;
const maxFailures = 5;
const windowMinutes = 15;
const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
// Client addresses of this file's own, so no other test's attempts count with ours.
const addressOf = (test: number) => `2001:db8:a${test}::${hex()}:${hex()}:${hex()}`;
const users = {
  target: { username: `atomic.target.${hex()}${hex()}`, password: `right-${hex()}-${hex()}` },
  sprayed: { username: `atomic.sprayed.${hex()}${hex()}`, password: `right-${hex()}-${hex()}` },
  steady: { username: `atomic.steady.${hex()}${hex()}`, password: `right-${hex()}-${hex()}` },
};
let servers: ServerProcess[] = [];

beforeAll(async () => {
  const db = new pg.Client(inject('databaseUrl'));
  await db.connect();
  for (const user of Object.values(users)) {
    await db.query(
      `INSERT INTO auth.app_user (username, display_name, password_hash, role)
       VALUES ($1, 'Throttle test viewer', $2, 'viewer')`,
      [user.username, await hashPassword(user.password)],
    );
  }
  await db.end();
  const env = {
    DATABASE_URL: inject('databaseUrl'),
    PORT: '0',
    DIAGIS_DEMO: 'false',
    DIAGIS_LOG_LEVEL: 'warn',
    DIAGIS_DB_POOL_SIZE: '10',
    DIAGIS_TRUST_PROXY: 'true',
    DIAGIS_LOGIN_MAX_FAILURES: String(maxFailures),
    DIAGIS_LOGIN_WINDOW_MINUTES: String(windowMinutes),
  };
  servers = await Promise.all([
    startServerProcess({ root, env }),
    startServerProcess({ root, env }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
});

/** One sign-in on server `server` (0 or 1) from `address`. */
async function login(server: number, address: string, username: string, password: string) {
  const response = await fetch(`${servers[server]?.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
    body: JSON.stringify({ username, password }),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

const countOf = (answers: { status: number }[], status: number) =>
  answers.filter((answer) => answer.status === status).length;

describe('sign-in throttle across processes', () => {
  it('evaluates at most the limit of 60 parallel wrong passwords for one user, then refuses the right one', async () => {
    const address = addressOf(1);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(i % 2, address, users.target.username, `wrong-${i}`),
      ),
    );
    // 401 means the password was evaluated; 429 that it never was.
    expect(countOf(answers, 401)).toBe(maxFailures);
    expect(countOf(answers, 429)).toBe(60 - maxFailures);

    // Locked: the right password from another address, on either process, is refused too.
    for (const server of [0, 1]) {
      const locked = await login(
        server,
        addressOf(2),
        users.target.username,
        users.target.password,
      );
      expect(locked.status).toBe(429);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);
      expect(Number(locked.retryAfter)).toBeLessThanOrEqual(windowMinutes * 60);
    }
  });

  it('evaluates at most four times the limit of parallel guesses from one address over many usernames', async () => {
    const address = addressOf(3);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        login(i % 2, address, `nobody.${hex()}.${i}`, `wrong-${i}`),
      ),
    );
    expect(countOf(answers, 401)).toBe(maxFailures * 4);
    expect(countOf(answers, 429)).toBe(60 - maxFailures * 4);
    // The address is locked for any user; the same user from elsewhere is not.
    const fromLocked = await login(0, address, users.sprayed.username, users.sprayed.password);
    expect(fromLocked.status).toBe(429);
    const fromElsewhere = await login(
      1,
      addressOf(4),
      users.sprayed.username,
      users.sprayed.password,
    );
    expect(fromElsewhere.status).toBe(200);
  });

  it('does not count a successful sign-in against the limit', async () => {
    const address = addressOf(5);
    const { username, password } = users.steady;
    for (let i = 0; i < maxFailures - 1; i++) {
      expect((await login(i % 2, address, username, `wrong-${i}`)).status).toBe(401);
    }
    expect((await login(0, address, username, password)).status).toBe(200);
    // Four failures and a success: one more failure is still evaluated, the next is not.
    expect((await login(1, address, username, 'wrong-again')).status).toBe(401);
    expect((await login(0, address, username, 'wrong-once-more')).status).toBe(429);
  });
});
