import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { onScreen, renderedParcelIds, waitForIdleMap } from '../support/map_page';
import {
  artefacts,
  signInOnPage,
  startWebFixture,
  visibleText,
  type WebFixture,
} from '../support/web_fixture';

let web: WebFixture;

beforeAll(async () => {
  web = await startWebFixture();
});

// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());
afterAll(() => web?.close());

type TestMap = {
  loaded(): boolean;
  areTilesLoaded(): boolean;
  isMoving(): boolean;
  project(p: [number, number]): { x: number; y: number };
  getCanvas(): HTMLCanvasElement;
  fitBounds(b: [number, number, number, number], o: object): void;
  queryRenderedFeatures(): { id?: number; sourceLayer?: string }[];
};

describe('the parcel editor in a real browser', () => {
  it('lets surveyor1 split a parcel with a drawn line; the map and the API then show two parcels', async () => {
    // A plain parcel (one part, no holes, 300-3,000 m²) from the last commune's highest
    // sheets, which other tests leave alone (skipping the very last ones, which tests
    // picking "the highest id" may take), that a west-east line through its inside point
    // cuts into exactly two reasonable parts; the line runs 30% beyond its box.
    const { rows } = await web.pool.query(
      `WITH candidate AS (
         SELECT p.parcel_id::int AS parcel_id, p.computed_area, ST_Transform(p.geom, 4326) AS g
         FROM cadastre.current_parcel p
         WHERE ST_NumGeometries(p.geom) = 1 AND ST_NumInteriorRings(ST_GeometryN(p.geom, 1)) = 0
           AND p.computed_area BETWEEN 300 AND 3000
           AND NOT EXISTS (SELECT 1 FROM dossier.dossier_parcel d WHERE d.parcel_id = p.parcel_id)
           -- untouched demo parcels only: other test files import and split parcels elsewhere
           AND p.version_no = 1
           AND EXISTS (SELECT 1 FROM cadastre.parcel_version v WHERE v.id = p.version_id AND v.source_kind = 'demo')
         ORDER BY p.commune_id DESC, p.sheet_no DESC, p.parcel_no DESC
         LIMIT 200)
       SELECT c.parcel_id, c.computed_area, ST_XMin(c.g) AS west, ST_YMin(c.g) AS south,
              ST_XMax(c.g) AS east, ST_YMax(c.g) AS north, ST_X(inside) AS x, ST_Y(inside) AS y
       FROM candidate c
       CROSS JOIN LATERAL ST_PointOnSurface(c.g) AS inside
       CROSS JOIN LATERAL (SELECT 0.3 * (ST_XMax(c.g) - ST_XMin(c.g)) AS margin) m
       CROSS JOIN LATERAL ST_Split(c.g, ST_MakeLine(
         ST_SetSRID(ST_MakePoint(ST_XMin(c.g) - m.margin, ST_Y(inside)), 4326),
         ST_SetSRID(ST_MakePoint(ST_XMax(c.g) + m.margin, ST_Y(inside)), 4326))) AS parts
       WHERE ST_NumGeometries(parts) = 2
         AND least(ST_Area(ST_GeometryN(parts, 1)::geography), ST_Area(ST_GeometryN(parts, 2)::geography))
             > 0.25 * ST_Area(c.g::geography)
       OFFSET 5 LIMIT 1`,
    );
    const target = rows[0];
    expect(target, 'a parcel to split').toBeDefined();
    const margin = 0.3 * (target.east - target.west);

    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${web.base}/#18/${target.y}/${target.x}`);
    await waitForIdleMap(page);
    expect(await page.locator('#editor-open').isHidden(), 'no editor for the public').toBe(true);
    await signInOnPage(page, 'surveyor1');
    await page.locator('#editor-open').waitFor({ state: 'visible' });
    await waitForIdleMap(page);

    // Parcel zoom with the whole parcel and the line's ends in view.
    await page.evaluate(
      (box) =>
        (window as unknown as { diagisMap: TestMap }).diagisMap.fitBounds(box, {
          padding: 250,
          duration: 0,
        }),
      [target.west, target.south, target.east, target.north] as [number, number, number, number],
    );
    await waitForIdleMap(page);
    await page.click('#editor-open');
    const editor = page.locator('#editor');
    await editor.waitFor({ state: 'visible' });
    await page.waitForSelector('#editor[data-task="pick"][data-state="idle"]');

    // Select the parcel by clicking inside it.
    const inside = await onScreen(page, [target.x, target.y]);
    await page.mouse.click(inside.x, inside.y);
    await page.waitForSelector(`#editor[data-parcel-id="${target.parcel_id}"]`);

    // Draw the split line: click its start, its end, then the end again to finish.
    await page.click('#editor-split');
    await page.waitForSelector('#editor[data-task="split"]');
    const start = await onScreen(page, [target.west - margin, target.y]);
    const end = await onScreen(page, [target.east + margin, target.y]);
    await page.mouse.move(start.x, start.y);
    await page.mouse.click(start.x, start.y);
    await page.mouse.move((start.x + end.x) / 2, end.y, { steps: 5 });
    await page.mouse.move(end.x, end.y, { steps: 5 });
    await page.mouse.click(end.x, end.y);
    await page.waitForTimeout(300);
    await page.mouse.click(end.x, end.y);
    await page.locator('#editor-check:not([disabled])').waitFor();
    await page.screenshot({ path: `${artefacts}/parcel-editor-line.png` });

    // Check first (dry run): no violations, two parts; then save.
    await page.fill('#editor-reason', 'Tách thửa theo kết quả đo đạc (kiểm thử trình duyệt)');
    await page.click('#editor-check');
    await page.waitForSelector('#editor[data-state="checked"], #editor[data-state="failed"]');
    expect(await visibleText(page.locator('#editor-violations'))).toContain(
      'Không phát hiện vi phạm',
    );
    expect(await page.locator('#editor-list li').count()).toBe(2);
    // Each part shows the number it would get; the surveyor gives the second one another.
    const suggested = [
      Number(await page.inputValue('#editor-part-no-1')),
      Number(await page.inputValue('#editor-part-no-2')),
    ];
    expect(suggested[0]).toBeGreaterThan(0);
    expect(suggested[1]).toBe((suggested[0] as number) + 1);
    const chosen = (suggested[0] as number) + 40;
    await page.fill('#editor-part-no-2', String(chosen));
    await page.press('#editor-part-no-2', 'Tab');
    await page.locator('#editor').screenshot({ path: `${artefacts}/parcel-editor-parts.png` });
    await page.click('#editor-save');
    await page.waitForSelector('#editor[data-state="saved"], #editor[data-state="failed"]');
    expect(await editor.getAttribute('data-state'), (await editor.textContent()) ?? '').toBe(
      'saved',
    );
    const children = ((await editor.getAttribute('data-children')) ?? '').split(',').map(Number);
    expect(children).toHaveLength(2);

    // The map shows the two new parcels and no longer the old one, without a page reload.
    await page.waitForFunction(
      ({ ids, parent }) => {
        const map = (window as unknown as { diagisMap: TestMap }).diagisMap;
        if (!map.areTilesLoaded()) return false;
        const rendered = new Set(
          map
            .queryRenderedFeatures()
            .filter((feature) => feature.sourceLayer === 'parcels')
            .map((feature) => Number(feature.id)),
        );
        return ids.every((id) => rendered.has(id)) && !rendered.has(parent);
      },
      { ids: children, parent: target.parcel_id },
      { timeout: 30_000, polling: 250 },
    );
    const rendered = await renderedParcelIds(page);
    expect(rendered).toEqual(expect.arrayContaining(children));
    expect(rendered).not.toContain(target.parcel_id);
    await page.screenshot({ path: `${artefacts}/parcel-editor-split.png` });

    // The API agrees: the parent is retired with both children in its lineage.
    const { Cookie: cookie } = await web.signIn('surveyor1');
    const get = (path: string) => fetch(`${web.base}${path}`, { headers: { Cookie: cookie } });
    // A parcel split away answers 404 with the moment it was retired (docs/api.md).
    const parent = await get(`/api/parcels/${target.parcel_id}`);
    expect(parent.status).toBe(404);
    expect((await parent.json()).error.retiredAt).toEqual(expect.any(String));
    const history = await (await get(`/api/parcels/${target.parcel_id}/history`)).json();
    expect(
      history.lineage.children.map((child: { parcelId: number }) => child.parcelId).sort(),
    ).toEqual([...children].sort());
    let area = 0;
    const numbers: number[] = [];
    for (const id of children) {
      const child = await get(`/api/parcels/${id}`);
      expect(child.status).toBe(200);
      const body = await child.json();
      numbers.push(body.parcelNo);
      expect(body.lineage.parents.map((link: { parcelId: number }) => link.parcelId)).toContain(
        target.parcel_id,
      );
      area += body.computedArea;
    }
    expect(Math.abs(area - target.computed_area)).toBeLessThan(0.5);
    expect(numbers).toEqual([suggested[0], chosen]);
    await page.close();
  });
});
