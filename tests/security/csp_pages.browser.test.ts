import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitForIdleMap } from '../support/map_page';
import { signInOnPage, startWebFixture, type WebFixture } from '../support/web_fixture';

// Every page under the real Content-Security-Policy in Chromium: no violation reported,
// no page error, and the parts that need the policy's exceptions (MapLibre's blob
// workers and data: images, Chart.js, terra-draw) actually work.

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});
// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());
afterAll(() => web?.close());

interface Watched {
  page: Page;
  /** CSP violations (the DOM event) and console messages about the policy, page errors. */
  problems: string[];
}

/** A new page that records every CSP violation, CSP console message and page error. */
async function watchedPage(): Promise<Watched> {
  const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems: string[] = [];
  await page.exposeFunction('reportViolation', (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportViolation(text: string): void }).reportViolation;
      report(`violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, problems };
}

/** Features MapLibre has drawn, by source layer (proof that workers parsed tiles). */
const renderedLayers = (page: Page) =>
  page.evaluate(() => {
    const map = (window as unknown as { diagisMap: MapLibreMap }).diagisMap;
    const counts: Record<string, number> = {};
    for (const feature of map.queryRenderedFeatures()) {
      const layer = feature.sourceLayer ?? feature.layer.id;
      counts[layer] = (counts[layer] ?? 0) + 1;
    }
    return counts;
  });

describe('pages under the Content-Security-Policy', () => {
  it('the staff map renders its tiles, and the editor (terra-draw) opens, with no violation', async () => {
    const { page, problems } = await watchedPage();
    const response = await page.goto(`${web.base}/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await waitForIdleMap(page);
    await page.evaluate(() =>
      (window as unknown as { diagisMap: MapLibreMap }).diagisMap.jumpTo({ zoom: 17 }),
    );
    await waitForIdleMap(page);
    const layers = await renderedLayers(page);
    expect(layers.parcels ?? 0, JSON.stringify(layers)).toBeGreaterThan(0);

    await signInOnPage(page, 'surveyor1');
    await page.locator('#editor-open').waitFor({ state: 'visible' });
    await page.click('#editor-open');
    await page.waitForSelector('#editor[data-task="pick"][data-state="idle"]');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the portal draws its map and a Chart.js station chart, with no violation', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${web.base}/portal`);
    expect(page.url()).toContain('/portal.html');
    await waitForIdleMap(page);
    const layers = await renderedLayers(page);
    expect(Object.keys(layers).length, JSON.stringify(layers)).toBeGreaterThan(0);
    await page
      .locator('#station-chart[data-limit]')
      .waitFor({ state: 'attached', timeout: 20_000 });
    const drawn = await page.evaluate(() => {
      const canvas = document.querySelector('#station-chart canvas, canvas#station-chart');
      return canvas instanceof HTMLCanvasElement ? canvas.width * canvas.height : 0;
    });
    expect(drawn).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the inbox (with its Chart.js report), imports and tracking pages load with no violation', async () => {
    const inbox = await watchedPage();
    await inbox.page.goto(`${web.base}/inbox`);
    await signInOnPage(inbox.page, 'officer.province');
    await inbox.page.locator('#inbox-items li').first().waitFor({ state: 'visible' });
    await inbox.page.waitForSelector('#report canvas', { timeout: 20_000 });
    expect(inbox.problems).toEqual([]);
    await inbox.page.close();

    const imports = await watchedPage();
    await imports.page.goto(`${web.base}/imports`);
    await signInOnPage(imports.page, 'surveyor1');
    await imports.page.locator('#import-upload').waitFor({ state: 'visible' });
    expect(imports.problems).toEqual([]);
    await imports.page.close();

    const track = await watchedPage();
    await track.page.goto(`${web.base}/track`);
    expect(track.page.url()).toContain('/track.html');
    await track.page.waitForLoadState('networkidle');
    expect(track.problems).toEqual([]);
    await track.page.close();
  });

  it('reports a violation when a page breaks the policy (the watch above can fail)', async () => {
    const { page, problems } = await watchedPage();
    await page.goto(`${web.base}/track.html`);
    await page.waitForLoadState('networkidle');
    // The inline script below is this test's own violation, which the browser logs.
    web.allowPageErrors(
      /^console: Executing inline script violates the following Content Security Policy directive 'script-src 'self''/,
    );
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.body.append(script);
    });
    await expect
      .poll(() => problems.join('\n'), { timeout: 5_000 })
      .toMatch(/violation: script-src/);
    expect(
      await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan),
    ).toBeUndefined();
    await page.close();
  });
});
