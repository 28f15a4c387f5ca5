import type pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artefacts, startWebFixture, type WebFixture } from './web_fixture';

let web: WebFixture;
let pool: pg.Pool;
let base: string;
let browser: Browser;

beforeAll(async () => {
  web = await startWebFixture();
  ({ pool, base, browser } = web);
});

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
    const panel = (await page.textContent('#info')) ?? '';
    expect(panel).toContain('Mục đích sử dụng');
    expect(panel).toContain('Quy hoạch sử dụng đất');
    expect(panel).not.toContain('Không thuộc vùng quy hoạch');
    expect(panel).not.toContain(target.full_name);
    expect(panel).not.toContain('Người sử dụng đất');
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
    expect(await page.textContent('#station-summary')).toMatch(/Số lần vượt quy chuẩn: \d+/);
    await page.locator('#stations').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artefacts}/portal-station-phone.png` });
    expect(await page.locator('#procedure-table tr').count()).toBeGreaterThan(10);
    await page.close();
  });
});
