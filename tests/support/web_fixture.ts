import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../server/config';
import { type AppFixture, type AppFixtureOptions, startAppFixture } from './app_fixture';

/** Where browser tests save their screenshots (CI keeps test-results/). */
export const artefacts = new URL('../../test-results', import.meta.url).pathname;

export interface WebFixture extends AppFixture {
  browser: Browser;
}

/**
 * The real server with the built web client on a free port, over the test database, and
 * Debian's Chromium in headless mode (never a downloaded browser). `options.env` adds
 * settings (a tax API key, an attachments folder of the test's own).
 */
export async function startWebFixture(
  options: Pick<AppFixtureOptions, 'env'> = {},
): Promise<WebFixture> {
  mkdirSync(artefacts, { recursive: true });
  const app = await startAppFixture({
    ...options,
    poolSize: 6,
    webRoot: new URL('../../web/dist', import.meta.url).pathname,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  return {
    ...app,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * Signs `username` in with the demo password through the sign-in dialog of the page's
 * header; the caller waits for what the page shows a signed-in user.
 */
export async function signInOnPage(page: Page, username: string): Promise<void> {
  await page.click('#signin-open');
  await page.fill('#signin-form input[name=username]', username);
  await page.fill('#signin-form input[name=password]', loadConfig({}).config.demo.password);
  await page.click('#signin-form button[type=submit]');
}
