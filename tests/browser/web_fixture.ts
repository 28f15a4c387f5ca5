import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

/** Where browser tests save their screenshots (CI keeps test-results/). */
export const artefacts = new URL('../../test-results', import.meta.url).pathname;

export interface WebFixture {
  base: string;
  pool: pg.Pool;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real server with the built web client on a free port, over the test database, and
 * Debian's Chromium in headless mode (never a downloaded browser).
 */
export async function startWebFixture(): Promise<WebFixture> {
  mkdirSync(artefacts, { recursive: true });
  const pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 6 });
  const webRoot = new URL('../../web/dist', import.meta.url).pathname;
  const app = createApp({
    config: loadConfig({}).config,
    pool,
    logger: createLogger('silent'),
    webRoot,
  });
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    pool,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
}
