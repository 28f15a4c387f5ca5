import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, startWebFixture, visibleText, type WebFixture } from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());
afterAll(() => web?.close());

describe('the public portal in two languages', () => {
  it('shows the plan legend, land statistics chart and registry, and switches to English and back', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${web.base}/portal`);
    await page
      .locator('#statistics-chart[data-bars]')
      .waitFor({ state: 'attached', timeout: 20_000 });
    expect(Number(await page.getAttribute('#statistics-chart', 'data-bars'))).toBeGreaterThan(5);
    expect(await page.getAttribute('#statistics-csv', 'href')).toBe(
      '/api/statistics/land-use?format=csv',
    );
    await page.locator('#plan-legend .plan-card').first().waitFor();
    expect(await visibleText(page.locator('#plan-legend').first())).toMatch(/Quyết định \S+/);
    expect(await page.locator('#plan-legend .legend-swatch').count()).toBeGreaterThan(0);
    await page.locator('#environment-table tr').first().waitFor({ state: 'attached' });
    expect(await visibleText(page.locator('h1').first())).toBe('Cổng thông tin đất đai');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await visibleText(page.locator('h1').first())).toBe('Land information portal');
    expect(await visibleText(page.locator('#plans h2').first())).toBe('Published land-use plans');
    expect(await visibleText(page.locator('#statistics-table th').first())).toBe('Code');
    expect(await visibleText(page.locator('#statistics-table').first())).toMatch(/land/i); // English land-use names
    expect(await visibleText(page.locator('#plan-legend').first())).toMatch(/Decision \S+/);
    expect(await visibleText(page.locator('#procedures h2').first())).toBe(
      'Land administrative procedures',
    );
    expect(await visibleText(page.locator('#language').first())).toBe('VI');
    await page.locator('#statistics').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artefacts}/portal-english.png`, fullPage: true });

    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    expect(await visibleText(page.locator('h1').first())).toBe('Cổng thông tin đất đai');
    expect(await visibleText(page.locator('#statistics-table th').first())).toBe('Mã');
    expect(await visibleText(page.locator('#language').first())).toBe('EN');

    // One commune's statistics: the table, the chart and the CSV link follow the choice.
    const code = await page.locator('#statistics-commune option').nth(1).getAttribute('value');
    await page.selectOption('#statistics-commune', code ?? '');
    await page.locator(`#statistics-commune[data-loaded="${code}"]`).waitFor({ state: 'attached' });
    expect(await page.getAttribute('#statistics-csv', 'href')).toBe(
      `/api/statistics/land-use?format=csv&commune=${code}`,
    );
    const expected = await (
      await fetch(`${web.base}/api/statistics/land-use?commune=${code}`)
    ).json();
    expect(await visibleText(page.locator('#statistics-table tr.total').first())).toContain(
      expected.totalHa.toLocaleString('vi-VN', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
    );
    await page.close();
  });
});
