import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { expect, inject } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

/** A JSON reply: status, headers and the parsed body (tests read the fields they check). */
export interface Reply {
  status: number;
  etag: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it checks
  body: any;
}

export interface EditFixture {
  pool: pg.Pool;
  base: string;
  call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** The real app over the test database, on a free port, with signed-in sessions by user. */
export async function startEditFixture(users: readonly string[]): Promise<EditFixture> {
  const { config } = loadConfig({ DIAGIS_LOG_LEVEL: 'silent' });
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 8 });
  const app = createApp({
    config,
    pool,
    logger: createLogger(process.env.EDIT_TEST_LOG ? 'error' : 'silent'),
  });
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sessions: Record<string, Record<string, string>> = {};
  for (const username of users) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: config.demo.password }),
    });
    expect(response.status).toBe(200);
    const { csrfToken } = await response.json();
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    sessions[username] = { Cookie: cookie, 'X-CSRF-Token': csrfToken };
  }
  return {
    pool,
    base,
    async call(user, method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...sessions[user],
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        etag: response.headers.get('etag'),
        body: text ? JSON.parse(text) : {},
      };
    },
    async one(sql, params = []) {
      return (await pool.query(sql, params)).rows[0];
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
