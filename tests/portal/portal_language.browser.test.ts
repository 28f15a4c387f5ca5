import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, startWebFixture, type WebFixture } from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

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
    expect(await page.textContent('#plan-legend')).toMatch(/Quyết định \S+/);
    expect(await page.locator('#plan-legend .legend-swatch').count()).toBeGreaterThan(0);
    await page.locator('#environment-table tr').first().waitFor({ state: 'attached' });
    expect(await page.textContent('h1')).toBe('Cổng thông tin đất đai');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('h1')).toBe('Land information portal');
    expect(await page.textContent('#plans h2')).toBe('Published land-use plans');
    expect(await page.textContent('#statistics-table th')).toBe('Code');
    expect(await page.textContent('#statistics-table')).toMatch(/land/i); // English land-use names
    expect(await page.textContent('#plan-legend')).toMatch(/Decision \S+/);
    expect(await page.textContent('#procedures h2')).toBe('Land administrative procedures');
    expect(await page.textContent('#language')).toBe('VI');
    await page.locator('#statistics').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artefacts}/portal-english.png`, fullPage: true });

    await page.click('#language');
    await page.waitForFunction(() => document.documentElement.lang === 'vi');
    expect(await page.textContent('h1')).toBe('Cổng thông tin đất đai');
    expect(await page.textContent('#statistics-table th')).toBe('Mã');
    expect(await page.textContent('#language')).toBe('EN');

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
    expect(await page.textContent('#statistics-table tr.total')).toContain(
      expected.totalHa.toLocaleString('vi-VN', {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
    );
    await page.close();
  });
});
