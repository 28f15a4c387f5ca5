import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForIdleMap } from '../support/map_page';
import { artefacts, signInOnPage, startWebFixture, type WebFixture } from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

afterAll(() => web?.close());

/** Screen position (page coordinates) of the middle of a rendered parcel, with its id. */
const someRenderedParcel = (page: Page) =>
  page.evaluate(() => {
    type Feature = {
      id?: number;
      sourceLayer?: string;
      properties: Record<string, unknown>;
      geometry: { type: string; coordinates: number[][][] };
    };
    const map = (
      window as unknown as {
        diagisMap: {
          queryRenderedFeatures(): Feature[];
          project(p: [number, number]): { x: number; y: number };
          getCanvas(): HTMLCanvasElement;
        };
      }
    ).diagisMap;
    const rect = map.getCanvas().getBoundingClientRect();
    const parcels = map
      .queryRenderedFeatures()
      .filter(
        (feature) => feature.sourceLayer === 'parcels' && feature.geometry.type === 'Polygon',
      );
    const centre = { x: rect.width / 2, y: rect.height / 2 };
    const candidates = parcels.map((feature) => {
      const ring = feature.geometry.coordinates[0] ?? [];
      const lng = ring.reduce((sum, point) => sum + (point[0] ?? 0), 0) / ring.length;
      const lat = ring.reduce((sum, point) => sum + (point[1] ?? 0), 0) / ring.length;
      const pixel = map.project([lng, lat]);
      return { id: feature.id, parcelNo: feature.properties.parcel_no, x: pixel.x, y: pixel.y };
    });
    candidates.sort(
      (a, b) =>
        Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y),
    );
    const best = candidates[0];
    return {
      count: parcels.length,
      best: best && { ...best, x: best.x + rect.left, y: best.y + rect.top },
    };
  });

describe('the map in a real browser', () => {
  it('shows parcels at parcel zoom, opens the info panel on click, without holders for the public', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${web.base}/#18/9.6/105.97`);
    await waitForIdleMap(page);

    const { count, best } = await someRenderedParcel(page);
    expect(count).toBeGreaterThan(5);
    expect(best?.id).toBeGreaterThan(0);
    await page.mouse.click(best?.x ?? 0, best?.y ?? 0);
    const panel = page.locator('#info');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    expect(await panel.getAttribute('data-parcel-id')).toBe(String(best?.id));
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Thông tin thửa đất');
    expect(text).toContain(`/${best?.parcelNo}`);
    expect(text).toContain('Mục đích sử dụng');
    expect(text).not.toContain('Người sử dụng đất');
    expect(await panel.locator('.parcel-register').count()).toBe(0);
    await page.screenshot({ path: `${artefacts}/map-public.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows holders to a signed-in provincial officer and finds a parcel by its numbers', async () => {
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${web.base}/#17/9.6/105.97`);
    await waitForIdleMap(page);
    await signInOnPage(page, 'officer.province');
    await page.locator('#signout').waitFor({ state: 'visible' });
    // Staff also see the environmental protection registry, as a layer they can switch off.
    await page.waitForFunction(() =>
      Boolean(
        (
          window as unknown as { diagisMap: { getSource(id: string): unknown } }
        ).diagisMap.getSource('env_records'),
      ),
    );
    await page.locator('.layer-switcher').getByText('Hồ sơ bảo vệ môi trường').waitFor();

    const { rows } = await web.pool.query(
      `SELECT p.parcel_id, u.code, p.sheet_no, p.parcel_no FROM cadastre.current_parcel p
       JOIN admin.unit u ON u.id = p.commune_id
       WHERE EXISTS (SELECT 1 FROM registry.parcel_right r WHERE r.parcel_id = p.parcel_id AND upper_inf(r.valid))
       ORDER BY p.parcel_id LIMIT 1`,
    );
    const target = rows[0];
    await page.fill(
      '#search input[name=q]',
      `${target.code} ${target.sheet_no} ${target.parcel_no}`,
    );
    await page.click('#search button[type=submit]');
    await page.locator('#search-results button').first().click();
    const panel = page.locator('#info');
    await page.waitForFunction(
      (id) => document.querySelector('#info')?.getAttribute('data-parcel-id') === String(id),
      target.parcel_id,
    );
    await waitForIdleMap(page);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('Người sử dụng đất');
    expect(text).toContain(`${target.sheet_no}/${target.parcel_no}`);
    // Officers also see the register: the rights in force, mortgages, the certificate.
    const register = panel.locator('.parcel-register');
    await register.waitFor();
    expect(await register.locator('h3').allTextContents()).toEqual([
      'Quyền đang có hiệu lực',
      'Thế chấp',
      'Giấy chứng nhận và xác nhận thay đổi',
    ]);
    expect(await register.locator('.register-rights li').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${artefacts}/map-officer.png` });
    await page.close();
  });
});
