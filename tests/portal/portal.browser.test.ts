import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, startWebFixture, visibleText, type WebFixture } from '../support/web_fixture';

let web: WebFixture;
let pool: pg.Pool;
let base: string;
let browser: Browser;

beforeAll(async () => {
  web = await startWebFixture();
  ({ pool, base, browser } = web);
});

// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());
afterAll(() => web?.close());

describe('the public portal on a phone', () => {
  it('looks up a parcel by number (land use and plan zone, no holder) and draws a station chart with its limit', async () => {
    const { rows } = await pool.query(
      `SELECT u.code, p.sheet_no, p.parcel_no, pa.full_name
       FROM cadastre.current_parcel p JOIN admin.unit u ON u.id = p.commune_id
       JOIN planning.disclosed_zone z ON z.geom_3857 && p.geom_3857 AND ST_Intersects(z.geom, p.geom)
       JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid)
       JOIN registry.party pa ON pa.id = r.party_id
       ORDER BY p.parcel_id LIMIT 1`,
    );
    const target = rows[0];
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await page.goto(`${base}/portal`);
    expect(response?.url()).toContain('/portal.html');
    await page.fill(
      '#search input[name=q]',
      `${target.code} ${target.sheet_no} ${target.parcel_no}`,
    );
    await page.click('#search button[type=submit]');
    await page.locator('#search-results button').first().click();
    await page.locator('#info dl').waitFor({ state: 'visible' });
    const panel = await visibleText(page.locator('#info').first());
    expect(panel).toContain('Mục đích sử dụng');
    expect(panel).toContain('Quy hoạch sử dụng đất');
    // Negative checks on the whole text, hidden nodes included.
    const all = (await page.textContent('#info')) ?? '';
    expect(all).not.toContain('Không thuộc vùng quy hoạch');
    expect(all).not.toContain(target.full_name);
    expect(all).not.toContain('Người sử dụng đất');
    await page.screenshot({ path: `${artefacts}/portal-parcel-phone.png` });

    await page
      .locator('#station-chart[data-limit]')
      .waitFor({ state: 'attached', timeout: 20_000 });
    const water = await pool.query(
      `SELECT id FROM monitoring.station WHERE medium = 'water' ORDER BY code LIMIT 1`,
    );
    await page.selectOption('#station-select', String(water.rows[0].id));
    await page.selectOption('#parameter-select', 'BOD5');
    await page.waitForFunction(
      () => (document.querySelector('#station-chart') as HTMLElement | null)?.dataset.limit !== '',
    );
    expect(Number(await page.getAttribute('#station-chart', 'data-limit'))).toBeGreaterThan(0);
    expect(await visibleText(page.locator('#station-summary').first())).toMatch(
      /Số lần vượt quy chuẩn: \d+/,
    );
    await page.locator('#stations').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artefacts}/portal-station-phone.png` });

    // On the map, a station shows its latest values and switches the chart to it.
    const air = await pool.query(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM monitoring.station WHERE medium = 'air' ORDER BY code LIMIT 1`,
    );
    const { id, lon, lat } = air.rows[0];
    await page.click('#info button.close'); // the parcel panel covers the map on a phone
    await page.locator('#map').scrollIntoViewIfNeeded();
    const point = await page.evaluate(
      async ([x, y]) => {
        const map = (window as unknown as { diagisMap: import('maplibre-gl').Map }).diagisMap;
        map.jumpTo({ center: [x as number, y as number], zoom: 15 });
        await new Promise((resolve) => map.once('idle', resolve));
        const box = map.getCanvas().getBoundingClientRect();
        const at = map.project([x as number, y as number]);
        return { x: box.left + at.x, y: box.top + at.y };
      },
      [lon, lat],
    );
    await page.mouse.click(point.x, point.y);
    const popup = page.locator('.station-popup');
    await popup.waitFor();
    expect(await popup.textContent()).toMatch(/PM2\.5|PM10|SO2|NO2|CO|O3|TSP/);
    expect(await page.inputValue('#station-select')).toBe(String(id));
    expect(await page.locator('#procedure-table tr').count()).toBeGreaterThan(10);
    await page.close();
  });
});
