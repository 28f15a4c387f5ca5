import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { createApp } from '../../server/app';
import { type Config, loadConfig } from '../../server/config';
import { createPool } from '../../server/db/pool';
import { createLogger, type Logger } from '../../server/logger';

/** A reply: status, ETag and the body, parsed when it is JSON (tests read the fields they check). */
export interface Reply {
  status: number;
  etag: string | null;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it checks
  body: any;
}

/** The cookie and CSRF token of one signed-in session, to send on every request. */
export interface SessionHeaders extends Record<string, string> {
  Cookie: string;
  'X-CSRF-Token': string;
}

export interface AppFixtureOptions {
  /** Environment for loadConfig, on top of DIAGIS_LOG_LEVEL=silent. */
  env?: Record<string, string>;
  /** The app's clock (sessions, throttle windows, dossier due dates). */
  clock?: () => Date;
  /** Log level of the app (default silent, or error with TEST_LOG set); ignored with `logger`. */
  logLevel?: string;
  /** A logger of the test's own, to read what the app logs. */
  logger?: Logger;
  /** Connections in the staff pool (default 4). */
  poolSize?: number;
  /** Connections in the pool of anonymous reads (default 4). */
  publicPoolSize?: number;
  /** Users to sign in before the tests start. */
  users?: readonly string[];
  /** Built web client to serve at `/`. */
  webRoot?: string;
}

export interface AppFixture {
  config: Readonly<Config>;
  /** The app's staff pool (a test may check connections out of it to keep staff busy). */
  pool: pg.Pool;
  /** The app's pool of anonymous reads (sessions as `diagis_public`). */
  publicPool: pg.Pool;
  base: string;
  /** The sessions signed in so far, by username. */
  sessions: Readonly<Record<string, SessionHeaders>>;
  /** Signs in with the demo password (expecting 200) and keeps the session for `call`. */
  signIn(username: string): Promise<SessionHeaders>;
  /** One request as a signed-in user (or with the given headers); a body is sent as JSON. */
  call(
    user: string | Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** The real app over the test database, on a free port, with signed-in sessions by user. */
export async function startAppFixture(options: AppFixtureOptions = {}): Promise<AppFixture> {
  const { config } = loadConfig({
    DIAGIS_LOG_LEVEL: 'silent',
    // Every test file sends its anonymous requests from 127.0.0.1, and the limits are
    // shared by every app on the database: with the defaults the whole suite would be one
    // client. The limiters still run; the tests of the limits set their own budgets.
    DIAGIS_PUBLIC_API_PER_MINUTE: '1000000',
    DIAGIS_PUBLIC_TILES_PER_MINUTE: '1000000',
    DIAGIS_PUBLIC_TRACKING_PER_MINUTE: '10000',
    ...options.env,
  });
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: options.poolSize ?? 4 });
  const logger =
    options.logger ?? createLogger(options.logLevel ?? (process.env.TEST_LOG ? 'error' : 'silent'));
  const publicPool = createPool(
    {
      connectionString: inject('databaseUrl'),
      size: options.publicPoolSize ?? 4,
      statementTimeoutMs: config.pool.statementTimeoutMs,
    },
    logger,
    'public',
  );
  // As npm start wires it: the anonymous rate-limit counters on two connections of their own.
  const throttlePool = createPool(
    { connectionString: inject('databaseUrl'), size: 2, statementTimeoutMs: 5_000 },
    logger,
  );
  const app = createApp({
    config,
    pool,
    publicPool,
    throttlePool,
    logger,
    clock: options.clock,
    webRoot: options.webRoot,
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions: Record<string, SessionHeaders> = {};

  async function signIn(username: string): Promise<SessionHeaders> {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: config.demo.password }),
    });
    expect(response.status).toBe(200);
    const { csrfToken } = await response.json();
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const session = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
    sessions[username] = session;
    return session;
  }
  for (const username of options.users ?? []) await signIn(username);

  return {
    config,
    pool,
    publicPool,
    base,
    sessions,
    signIn,
    async call(user, method, path, body, headers = {}) {
      const session = typeof user === 'string' ? sessions[user] : user;
      if (!session) throw new Error(`${String(user)} has not signed in`);
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...session,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        etag: response.headers.get('etag'),
        headers: response.headers,
        body: !text ? {} : json ? JSON.parse(text) : text,
      };
    },
    async one(sql, params = []) {
      return (await pool.query(sql, params)).rows[0];
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all([pool.end(), publicPool.end(), throttlePool.end()]);
    },
  };
}
