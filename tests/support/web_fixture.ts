import { mkdirSync } from 'node:fs';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { loadConfig } from '../../server/config';
import { type AppFixture, type AppFixtureOptions, startAppFixture } from './app_fixture';

/** Where browser tests save their screenshots (CI keeps test-results/). */
export const artefacts = new URL('../../test-results', import.meta.url).pathname;

export interface WebFixture extends AppFixture {
  browser: Browser;
  /**
   * Uncaught page errors and console errors of every page opened through `browser` (its
   * newPage and the pages of its newContext) since the last `expectNoPageErrors`.
   */
  pageErrors: string[];
  /** Lets errors matching `pattern` pass the next `expectNoPageErrors` (one test's own). */
  allowPageErrors(pattern: RegExp): void;
  /**
   * Asserts no page error was collected except the allowed ones, then starts over: every
   * browser test file calls it after each test (`afterEach(() => web.expectNoPageErrors())`).
   */
  expectNoPageErrors(): void;
}

/**
 * Console errors every page may log by design: an anonymous visit asks /api/me for the
 * session (401), and the client has no favicon (404).
 */
const expectedEverywhere = [
  /^console: Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/api\/me:0\)$/,
  /^console: Failed to load resource: the server responded with a status of 404 \(Not Found\) \(http:\/\/127\.0\.0\.1:\d+\/favicon\.ico:0\)$/,
];

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
  const pageErrors: string[] = [];
  let allowed: RegExp[] = [];
  const watched = new WeakSet<Page>();
  const watch = (page: Page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const { url, lineNumber } = message.location();
        pageErrors.push(`console: ${message.text()} (${url}:${lineNumber})`);
      }
    });
  };
  const watchContext = (context: BrowserContext) => {
    for (const page of context.pages()) watch(page);
    context.on('page', watch);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  const newContext = browser.newContext.bind(browser);
  browser.newPage = async (...args) => {
    const page = await newPage(...args);
    watch(page);
    return page;
  };
  // browser.newPage opens its page in a context of its own, made through newContext.
  browser.newContext = async (...args) => watchContext(await newContext(...args));
  return {
    ...app,
    browser,
    pageErrors,
    allowPageErrors(pattern) {
      allowed.push(pattern);
    },
    expectNoPageErrors() {
      const unexpected = pageErrors.filter(
        (line) =>
          !expectedEverywhere.some((p) => p.test(line)) && !allowed.some((p) => p.test(line)),
      );
      pageErrors.length = 0;
      allowed = [];
      if (unexpected.length > 0) {
        throw new Error(
          `page errors and console errors during the test:\n${unexpected.join('\n')}`,
        );
      }
    },
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

/**
 * The text a user sees in `locator`: waits until it is visible, then reads its rendered text
 * (innerText leaves out hidden nodes, which textContent would count).
 */
export async function visibleText(locator: Locator, timeout = 10_000): Promise<string> {
  await locator.waitFor({ state: 'visible', timeout });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point, hidden nodes must not count
  return locator.innerText();
}
