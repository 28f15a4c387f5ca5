import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  onScreen as mapPosition,
  renderedParcelIds as parcelIdsOn,
  waitForIdleMap as waitForMapIdle,
} from '../support/map_page';
import {
  artefacts,
  signInOnPage,
  startWebFixture,
  visibleText,
  type WebFixture,
} from '../support/web_fixture';

let web: WebFixture;
let page: Page;

type Box = [number, number, number, number];

type TestMap = {
  loaded(): boolean;
  areTilesLoaded(): boolean;
  isMoving(): boolean;
  project(p: [number, number]): { x: number; y: number };
  getCanvas(): HTMLCanvasElement;
  fitBounds(b: Box, o: object): void;
  jumpTo(o: { center: [number, number]; zoom: number }): void;
  getLayer(id: string): unknown;
  getPaintProperty(layer: string, name: string): unknown;
  getLayoutProperty(layer: string, name: string): unknown;
  queryRenderedFeatures(geometryOrOptions?: {
    layers?: string[];
  }): { id?: number; sourceLayer?: string; layer: { id: string } }[];
};

/**
 * Untouched demo parcels (version 1, one polygon without holes, in no dossier) of the
 * second-to-last demo commune: the split test uses the last commune and the API tests use
 * the `sampleSheet` slots 0-4, which are excluded here all the same.
 */
const pool = `pool AS (
  SELECT p.parcel_id::int AS parcel_id, p.sheet_no, p.parcel_no, p.computed_area, p.geom, p.zone_srid,
         (SELECT string_agg(u.code, ',') FROM cadastre.parcel_land_use u WHERE u.version_id = p.version_id) AS uses
  FROM cadastre.current_parcel p
  WHERE p.commune_id = (SELECT max(commune_id) FROM cadastre.parcel_version WHERE source_kind = 'demo') - 1
    AND (p.commune_id, p.sheet_no) NOT IN (
      SELECT commune_id, sheet_no FROM cadastre.current_parcel
      WHERE commune_id < (SELECT max(commune_id) FROM cadastre.parcel_version WHERE source_kind = 'demo')
      GROUP BY commune_id, sheet_no HAVING count(*) >= 30
      ORDER BY md5('parcel-editing:' || commune_id || ':' || sheet_no) LIMIT 5)
    AND p.version_no = 1
    AND EXISTS (SELECT 1 FROM cadastre.parcel_version v WHERE v.id = p.version_id AND v.source_kind = 'demo')
    AND NOT EXISTS (SELECT 1 FROM dossier.dossier_parcel d WHERE d.parcel_id = p.parcel_id)
    AND ST_NumGeometries(p.geom) = 1 AND ST_NumInteriorRings(ST_GeometryN(p.geom, 1)) = 0
    AND p.computed_area BETWEEN 300 AND 8000)`;

/** SQL columns st_xmin, st_ymin, st_xmax, st_ymax: the WGS84 box of a zone-plane geometry. */
const wgs84 = (geom: string, srid: string) => `
  ST_XMin(ST_Transform(ST_SetSRID(${geom}, ${srid}), 4326)),
  ST_YMin(ST_Transform(ST_SetSRID(${geom}, ${srid}), 4326)),
  ST_XMax(ST_Transform(ST_SetSRID(${geom}, ${srid}), 4326)),
  ST_YMax(ST_Transform(ST_SetSRID(${geom}, ${srid}), 4326))`;

/** SQL array [lon, lat] of a point in the plane `srid`. */
const lonLat = (point: string, srid: string) => `
  ARRAY[ST_X(ST_Transform(ST_SetSRID(${point}, ${srid}), 4326)),
        ST_Y(ST_Transform(ST_SetSRID(${point}, ${srid}), 4326))]`;

const waitForIdleMap = () => waitForMapIdle(page);

/** Shows `box` between the editor panel (left) and the layer and measuring controls (right). */
const showBox = async (box: Box) => {
  await page.evaluate(
    (bounds) =>
      (window as unknown as { diagisMap: TestMap }).diagisMap.fitBounds(bounds, {
        padding: { top: 100, bottom: 100, left: 460, right: 320 },
        duration: 0,
      }),
    box,
  );
  await waitForIdleMap();
};

const onScreen = (lngLat: number[]) => mapPosition(page, lngLat);

/** A real click on the map canvas at a WGS84 position. */
const clickAt = async (lngLat: number[]) => {
  const at = await onScreen(lngLat);
  await page.mouse.move(at.x, at.y, { steps: 3 });
  await page.mouse.click(at.x, at.y);
};

const renderedParcelIds = () => parcelIdsOn(page);

/**
 * Drags a vertex from one WGS84 position to another (press, move in steps, release),
 * after checking the two are more than 20 px apart on screen, beyond the editor's snapping.
 */
const dragVertex = async (from: number[], to: number[], label: string) => {
  const start = await onScreen(from);
  const end = await onScreen(to);
  expect(Math.hypot(end.x - start.x, end.y - start.y), label).toBeGreaterThan(20);
  await page.mouse.move(start.x, start.y, { steps: 3 });
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
};

/** Back to "pick a parcel", with the editor open. */
const startPicking = async () => {
  const editor = page.locator('#editor');
  if (await editor.isHidden()) await page.click('#editor-open');
  else if ((await editor.getAttribute('data-task')) !== 'pick') await page.click('#editor-pick');
  await page.waitForSelector('#editor[data-task="pick"][data-state="idle"]');
};

/** Clicks a parcel's inside point in pick mode and waits until the editor has loaded it. */
const pickParcel = async (parcelId: number, inside: number[]) => {
  await clickAt(inside);
  await page.waitForSelector(
    `#editor[data-task="edit"][data-parcel-id="${parcelId}"][data-state="idle"]`,
  );
};

/** Presses a check or save button and waits for its outcome. */
const press = async (button: 'check' | 'save') => {
  await page.click(`#editor-${button}`);
  await page.waitForSelector(
    '#editor[data-state="checked"], #editor[data-state="saved"], #editor[data-state="failed"]',
  );
  return page.locator('#editor').getAttribute('data-state');
};

const editorText = async () => (await page.locator('#editor').textContent()) ?? '';

const versionInDb = async (parcelId: number) =>
  Number(
    (
      await web.one<{ version_no: number }>(
        'SELECT version_no FROM cadastre.current_parcel WHERE parcel_id = $1',
        [parcelId],
      )
    ).version_no,
  );

beforeAll(async () => {
  web = await startWebFixture();
  await web.signIn('surveyor1');
  page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${web.base}/#17/9.58/106.02`);
  await waitForIdleMap();
  await signInOnPage(page, 'surveyor1');
  await page.locator('#editor-open').waitFor({ state: 'visible' });
  await waitForIdleMap();
});

// Page and console errors of each test (collected by the fixture) fail that test.
afterEach(() => web.expectNoPageErrors());

afterAll(async () => {
  await page?.close();
  await web?.close();
});

describe('the parcel editor in a real browser, beyond splitting', () => {
  it('merges two adjacent parcels chosen by clicking on the map; the map and the API show one parcel', async () => {
    // Two neighbours with one land use each (the same one, so the merged parcel inherits
    // it) sharing a long edge, on the commune's highest sheet.
    const { rows } = await web.pool.query(
      `WITH ${pool}
       SELECT a.parcel_id AS a, b.parcel_id AS b, a.computed_area + b.computed_area AS area,
              ${wgs84('ST_Union(a.geom, b.geom)', 'a.zone_srid')},
              ${lonLat('ST_PointOnSurface(a.geom)', 'a.zone_srid')} AS inside_a,
              ${lonLat('ST_PointOnSurface(b.geom)', 'a.zone_srid')} AS inside_b
       FROM pool a JOIN pool b ON b.sheet_no = a.sheet_no AND b.parcel_no > a.parcel_no
         AND ST_Intersects(a.geom, b.geom)
         AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 10
       WHERE a.uses = b.uses AND a.uses NOT LIKE '%,%'
       ORDER BY a.sheet_no DESC, a.parcel_no DESC LIMIT 1`,
    );
    const pair = rows[0];
    expect(pair, 'two parcels to merge').toBeDefined();
    const [a, b] = [pair.a as number, pair.b as number];

    await showBox([pair.st_xmin, pair.st_ymin, pair.st_xmax, pair.st_ymax]);
    await startPicking();
    await page.click('#editor-merge');
    await page.waitForSelector('#editor[data-task="merge"]');
    await clickAt(pair.inside_a);
    await page.waitForFunction(() => document.querySelectorAll('#editor-list li').length === 1);
    await clickAt(pair.inside_b);
    await page.waitForFunction(() => document.querySelectorAll('#editor-list li').length === 2);
    await page.waitForSelector('#editor[data-state="idle"] #editor-save:not([disabled])');
    const listed = await visibleText(page.locator('#editor-list'));
    expect(listed).toContain(`#${a}:`);
    expect(listed).toContain(`#${b}:`);

    // Check (dry run): no violations, nothing written; then save.
    await page.fill('#editor-reason', 'Hợp thửa theo đơn đề nghị (kiểm thử trình duyệt)');
    expect(await press('check'), await editorText()).toBe('checked');
    expect(await visibleText(page.locator('#editor-violations'))).toContain(
      'Không phát hiện vi phạm',
    );
    expect([await versionInDb(a), await versionInDb(b)]).toEqual([1, 1]);
    expect(await press('save'), await editorText()).toBe('saved');
    const merged = Number(await page.locator('#editor').getAttribute('data-parcel-id'));
    expect(merged).not.toBe(a);
    expect(merged).not.toBe(b);

    // The map shows the merged parcel instead of the two, without a page reload.
    await page.waitForFunction(
      ({ id, parents }) => {
        const map = (window as unknown as { diagisMap: TestMap }).diagisMap;
        if (!map.areTilesLoaded()) return false;
        const rendered = new Set(
          map
            .queryRenderedFeatures()
            .filter((feature) => feature.sourceLayer === 'parcels')
            .map((feature) => Number(feature.id)),
        );
        return rendered.has(id) && parents.every((parent) => !rendered.has(parent));
      },
      { id: merged, parents: [a, b] },
      { timeout: 30_000, polling: 250 },
    );
    const rendered = await renderedParcelIds();
    expect(rendered).toContain(merged);
    expect(rendered).not.toContain(a);
    expect(rendered).not.toContain(b);
    await page.screenshot({ path: `${artefacts}/parcel-editor-merge.png` });

    // The API: the merged parcel names both parents; the parents answer 404 with lineage.
    const reply = await web.call('surveyor1', 'GET', `/api/parcels/${merged}`);
    expect(reply.status).toBe(200);
    expect(
      reply.body.lineage.parents.map((link: { parcelId: number }) => link.parcelId).sort(),
    ).toEqual([a, b].sort());
    expect(Math.abs(reply.body.computedArea - pair.area)).toBeLessThan(0.5);
    for (const parent of [a, b]) {
      const gone = await web.call('surveyor1', 'GET', `/api/parcels/${parent}`);
      expect(gone.status).toBe(404);
      expect(
        gone.body.error.lineage.children.map((link: { parcelId: number }) => link.parcelId),
      ).toEqual([merged]);
    }
  });

  it('lists and draws in red the overlap of a vertex dragged into the neighbour, and saves nothing', async () => {
    // A vertex V of parcel A (not its ring's first/last) on the boundary of neighbour B, and
    // the point T 6 m from V towards B's inside: inside B, more than 4 m from B's edges
    // (well beyond the editor's 10 px snapping), and A with V moved to T is still valid.
    const { rows } = await web.pool.query(
      `WITH ${pool},
       corner AS (
         SELECT a.parcel_id AS a, b.parcel_id AS b, a.geom AS a_geom, b.geom AS b_geom, a.zone_srid,
                d.path[1] AS idx, d.geom AS v, ST_PointOnSurface(b.geom) AS inside_b
         FROM pool a
         CROSS JOIN LATERAL ST_DumpPoints(ST_ExteriorRing(ST_GeometryN(a.geom, 1))) AS d
         JOIN pool b ON b.parcel_id <> a.parcel_id AND ST_DWithin(b.geom, d.geom, 0.001)
         WHERE a.sheet_no = (SELECT max(sheet_no) FROM pool) - 1
           AND d.path[1] > 1 AND d.path[1] < ST_NPoints(ST_ExteriorRing(ST_GeometryN(a.geom, 1)))),
       moved AS (
         SELECT c.*, ST_Translate(c.v,
                  6 * (ST_X(c.inside_b) - ST_X(c.v)) / ST_Distance(c.inside_b, c.v),
                  6 * (ST_Y(c.inside_b) - ST_Y(c.v)) / ST_Distance(c.inside_b, c.v)) AS t
         FROM corner c),
       reshaped AS (
         SELECT m.*, ST_MakePolygon(ST_SetPoint(ST_ExteriorRing(ST_GeometryN(m.a_geom, 1)), m.idx - 1, m.t)) AS a2
         FROM moved m)
       SELECT r.a, r.b, ${wgs84('r.a_geom', 'r.zone_srid')},
              ${lonLat('ST_PointOnSurface(r.a_geom)', 'r.zone_srid')} AS inside_a,
              ${lonLat('r.v', 'r.zone_srid')} AS v, ${lonLat('r.t', 'r.zone_srid')} AS t
       FROM reshaped r
       WHERE ST_IsValid(r.a2) AND ST_Contains(r.b_geom, r.t)
         AND ST_Distance(r.t, ST_Boundary(r.b_geom)) > 4
         AND ST_Area(ST_Intersection(r.a2, r.b_geom)) > 20
       ORDER BY r.a DESC, r.idx LIMIT 1`,
    );
    const target = rows[0];
    expect(target, 'a vertex to drag into a neighbour').toBeDefined();
    const [a, b] = [target.a as number, target.b as number];

    await showBox([target.st_xmin, target.st_ymin, target.st_xmax, target.st_ymax]);
    await startPicking();
    await pickParcel(a, target.inside_a);

    await dragVertex(target.v, target.t, 'pixels for 6 m');

    await page.fill('#editor-reason', 'Chỉnh ranh giới (kiểm thử trình duyệt)');
    // The check is a dry run the server refuses with 409: the browser logs that response.
    web.allowPageErrors(
      /status of 409 \(Conflict\) \(http:\/\/127\.0\.0\.1:\d+\/api\/parcels\/\d+\?dryRun=true:0\)$/,
    );
    expect(await press('check'), await editorText()).toBe('failed');
    const violations = page.locator('#editor-violations');
    const text = await visibleText(violations);
    expect(text).toContain('[topology.overlap]');
    expect(text).toContain(`parcel ${b}`);
    expect(Number(await violations.getAttribute('data-count'))).toBeGreaterThan(0);

    // Drawn in red: the violations overlay is in the style and has rendered features.
    await page.waitForFunction(
      () => {
        const map = (window as unknown as { diagisMap: TestMap }).diagisMap;
        const layers = ['fill', 'line', 'point'].map((kind) => `diagis-editor-violations-${kind}`);
        return (
          layers.every((id) => map.getLayer(id)) &&
          map.queryRenderedFeatures({ layers }).some((f) => f.layer.id.startsWith('diagis-editor'))
        );
      },
      undefined,
      { timeout: 10_000, polling: 250 },
    );
    // ...painted red (#e03131) and shown: fill, outline and vertex markers.
    const paint = await page.evaluate(() => {
      const map = (window as unknown as { diagisMap: TestMap }).diagisMap;
      const id = (kind: string) => `diagis-editor-violations-${kind}`;
      return {
        fill: map.getPaintProperty(id('fill'), 'fill-color'),
        fillOpacity: map.getPaintProperty(id('fill'), 'fill-opacity'),
        line: map.getPaintProperty(id('line'), 'line-color'),
        point: map.getPaintProperty(id('point'), 'circle-color'),
        hidden: ['fill', 'line', 'point'].filter(
          (kind) => map.getLayoutProperty(id(kind), 'visibility') === 'none',
        ),
      };
    });
    expect(paint).toEqual({
      fill: '#e03131',
      fillOpacity: expect.any(Number),
      line: '#e03131',
      point: '#e03131',
      hidden: [],
    });
    expect(paint.fillOpacity).toBeGreaterThan(0);
    await page.screenshot({ path: `${artefacts}/parcel-editor-violation.png` });

    // Nothing was saved: both parcels keep version 1, and no edit is pending.
    expect([await versionInDb(a), await versionInDb(b)]).toEqual([1, 1]);
    const pending = await web.one<{ n: string }>(
      'SELECT count(*) AS n FROM cadastre.pending_edit WHERE base @> $1::jsonb',
      [JSON.stringify([{ parcelId: a }])],
    );
    expect(Number(pending.n)).toBe(0);
    await page.click('#editor-pick');
    await page.waitForSelector('#editor[data-task="pick"][data-state="idle"]');
  });

  it('saves an address edit made in the form, undoes it, and shows the first version on the history slider', async () => {
    const { rows } = await web.pool.query(
      `WITH ${pool}
       SELECT p.parcel_id, c.land_address, ${wgs84('p.geom', 'p.zone_srid')},
              ${lonLat('ST_PointOnSurface(p.geom)', 'p.zone_srid')} AS inside
       FROM pool p JOIN cadastre.current_parcel c USING (parcel_id)
       WHERE p.sheet_no = (SELECT max(sheet_no) FROM pool) - 2
       ORDER BY p.parcel_no DESC LIMIT 1`,
    );
    const target = rows[0];
    expect(target, 'a parcel to edit').toBeDefined();
    const id = target.parcel_id as number;
    const address = 'Số 12, ấp Hòa Phuông (kiểm thử trình duyệt)';
    expect(target.land_address).not.toBe(address);

    await showBox([target.st_xmin, target.st_ymin, target.st_xmax, target.st_ymax]);
    await startPicking();
    await pickParcel(id, target.inside);
    expect(await page.inputValue('#editor-landAddress')).toBe(target.land_address ?? '');

    // Edit the address in the form and save: version 2.
    await page.fill('#editor-landAddress', address);
    await page.fill('#editor-reason', 'Cập nhật địa chỉ thửa đất (kiểm thử trình duyệt)');
    expect(await press('save'), await editorText()).toBe('saved');
    await page.waitForSelector(`#editor[data-parcel-id="${id}"][data-version-no="2"]`);
    const edited = await web.call('surveyor1', 'GET', `/api/parcels/${id}`);
    expect(edited.body.versionNo).toBe(2);
    expect(edited.body.landAddress).toBe(address);
    expect(await page.inputValue('#editor-reason')).toBe('');

    // Undo the last edit: version 3, source "undo", the old address back (also in the form).
    await page.click('#editor-undo');
    await page.waitForSelector(
      `#editor[data-version-no="3"][data-state="saved"], #editor[data-state="failed"]`,
    );
    expect(await page.locator('#editor').getAttribute('data-state'), await editorText()).toBe(
      'saved',
    );
    const undone = await web.call('surveyor1', 'GET', `/api/parcels/${id}`);
    expect(undone.body.versionNo).toBe(3);
    expect(undone.body.source.kind).toBe('undo');
    expect(undone.body.landAddress).toBe(target.land_address);
    expect(await page.inputValue('#editor-landAddress')).toBe(target.land_address ?? '');

    // The history opens at the newest version; the slider's Home key goes to the first.
    await page.click('#editor-history');
    const history = page.locator('#editor-history-view');
    await page.waitForSelector('#editor-history-view:not([hidden])[data-version-no="3"]');
    expect(await visibleText(history.locator('dl'))).toContain('undo');
    await page.focus('#editor-history-range');
    await page.keyboard.press('Home');
    await page.waitForSelector('#editor-history-view[data-version-no="1"]');
    expect(await page.inputValue('#editor-history-range')).toBe('0');
    const first = (await history.locator('dd').allTextContents()).map((text) => text.trim());
    expect(first[0]).toMatch(/^1 \(\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\)$/);
    expect(first[1]).toContain('demo');
    // The first version's outline is drawn in the history overlay.
    await page.waitForFunction(
      () =>
        (window as unknown as { diagisMap: TestMap }).diagisMap.queryRenderedFeatures({
          layers: ['diagis-editor-history-line'],
        }).length > 0,
      undefined,
      { timeout: 10_000, polling: 250 },
    );
    await page.screenshot({ path: `${artefacts}/parcel-editor-history.png` });
    await page.click('#editor-history');
    await expect.poll(() => history.isHidden()).toBe(true);
  });

  it('edits the outer boundary of a parcel with a hole and keeps the hole', async () => {
    // A parcel of sheet max - 3 (no other test here uses it) gets a 3 m diamond hole around
    // its inside point through the API; then a corner V of its outer ring (not the ring's
    // first/last) is dragged 3 m towards the inside point to T: still valid, T more than
    // 1.5 m from the boundary and 2 m from the hole, so neither snapping nor the rules move it.
    const { rows } = await web.pool.query(
      `WITH ${pool},
       holed AS (
         SELECT p.*, ST_Buffer(ST_PointOnSurface(p.geom), 1.5, 'quad_segs=1') AS hole
         FROM pool p WHERE p.sheet_no = (SELECT max(sheet_no) FROM pool) - 3),
       corner AS (
         SELECT h.*, d.path[1] AS idx, d.geom AS v, ST_PointOnSurface(h.geom) AS centre
         FROM holed h
         CROSS JOIN LATERAL ST_DumpPoints(ST_ExteriorRing(ST_GeometryN(h.geom, 1))) AS d
         WHERE d.path[1] > 1 AND d.path[1] < ST_NPoints(ST_ExteriorRing(ST_GeometryN(h.geom, 1)))),
       moved AS (
         SELECT c.*, ST_Translate(c.v,
                  3 * (ST_X(c.centre) - ST_X(c.v)) / ST_Distance(c.centre, c.v),
                  3 * (ST_Y(c.centre) - ST_Y(c.v)) / ST_Distance(c.centre, c.v)) AS t
         FROM corner c),
       reshaped AS (
         SELECT m.*, ST_MakePolygon(ST_SetPoint(ST_ExteriorRing(ST_GeometryN(m.geom, 1)), m.idx - 1, m.t),
                                    ARRAY[ST_ExteriorRing(m.hole)]) AS after
         FROM moved m)
       SELECT r.parcel_id, r.computed_area, ${wgs84('r.geom', 'r.zone_srid')},
              ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakePolygon(ST_ExteriorRing(ST_GeometryN(r.geom, 1)),
                ARRAY[ST_ExteriorRing(r.hole)]), r.zone_srid), 4326), 9)::json AS with_hole,
              ${lonLat('ST_PointOnSurface(ST_Difference(r.geom, ST_Buffer(r.hole, 2)))', 'r.zone_srid')} AS inside,
              ${lonLat('r.v', 'r.zone_srid')} AS v, ${lonLat('r.t', 'r.zone_srid')} AS t,
              ST_X(r.t) AS t_x, ST_Y(r.t) AS t_y
       FROM reshaped r
       WHERE ST_IsValid(r.after) AND ST_Distance(r.t, ST_Boundary(r.geom)) > 1.5
         AND ST_Distance(r.t, r.hole) > 2
       ORDER BY r.computed_area, r.idx LIMIT 1`,
    );
    const target = rows[0];
    expect(target, 'a parcel and a corner to move').toBeDefined();
    const id = target.parcel_id as number;
    const holed = await web.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${id}`,
      {
        geometry: target.with_hole,
        reason: 'Thửa có ao của hộ khác ở giữa (kiểm thử trình duyệt)',
      },
      { 'If-Match': '"v1"' },
    );
    expect(holed.status, JSON.stringify(holed.body)).toBe(200);
    const holes = `SELECT ST_NumInteriorRings(ST_GeometryN(geom, 1)) AS holes, ST_InteriorRingN(ST_GeometryN(geom, 1), 1) AS hole,
                          ST_ExteriorRing(ST_GeometryN(geom, 1)) AS outer, computed_area, version_no
                   FROM cadastre.current_parcel WHERE parcel_id = $1`;
    const before = await web.one<{ holes: number; hole: string; computed_area: number }>(holes, [
      id,
    ]);
    expect(before.holes).toBe(1);

    await showBox([target.st_xmin, target.st_ymin, target.st_xmax, target.st_ymax]);
    await startPicking();
    await pickParcel(id, target.inside);
    expect(await editorText()).toContain('Thửa có lỗ hoặc nhiều phần');

    await dragVertex(target.v, target.t, 'pixels for 3 m');
    await page.fill(
      '#editor-reason',
      'Chỉnh ranh giới ngoài, giữ nguyên lỗ (kiểm thử trình duyệt)',
    );
    expect(await press('save'), await editorText()).toBe('saved');

    // Version 3: the same hole, the corner at T, a smaller parcel.
    const after = await web.one<{
      holes: number;
      version_no: number;
      computed_area: number;
      same_hole: boolean;
      corner_at_t: number;
    }>(
      `SELECT h.holes, h.version_no, h.computed_area,
              ST_HausdorffDistance(h.hole, b.hole) < 0.01 AS same_hole,
              ST_Distance(h.outer, ST_SetSRID(ST_MakePoint($2, $3), ST_SRID(h.outer))) AS corner_at_t
       FROM (${holes}) h, (SELECT $4::geometry AS hole) b`,
      [id, target.t_x, target.t_y, before.hole],
    );
    expect(after).toMatchObject({ holes: 1, version_no: 3, same_hole: true });
    expect(after.corner_at_t).toBeLessThan(0.3);
    expect(after.computed_area).toBeLessThan(before.computed_area - 1);
    await page.screenshot({ path: `${artefacts}/parcel-editor-hole.png` });
  });

  it('draws a new parcel in empty space with commune, sheet and number from the form', async () => {
    // The demo communes tile the province without gaps, so the empty spot is in the
    // province's bounding box but outside its parcels: 400 m (EPSG:3857) from any parcel,
    // nearest to the second-to-last demo commune, whose next sheet after its last one
    // (no parcels yet) takes the new parcel. A 30 m square around that spot.
    const { rows } = await web.pool.query(
      `WITH commune AS (
         SELECT max(commune_id) - 1 AS id FROM cadastre.parcel_version WHERE source_kind = 'demo'),
       home AS (
         SELECT c.id, max(p.sheet_no) + 1 AS sheet_no, ST_Centroid(ST_Collect(p.geom_3857)) AS centre
         FROM commune c JOIN cadastre.current_parcel p ON p.commune_id = c.id GROUP BY c.id),
       box AS (SELECT ST_Extent(geom_3857)::geometry AS b FROM cadastre.current_parcel),
       grid AS (
         SELECT ST_SetSRID(ST_MakePoint(x, y), 3857) AS pt FROM box,
           generate_series(ST_XMin(b)::int, ST_XMax(b)::int, 250) AS x,
           generate_series(ST_YMin(b)::int, ST_YMax(b)::int, 250) AS y),
       spot AS (
         SELECT g.pt FROM grid g, home
         WHERE NOT EXISTS (SELECT 1 FROM cadastre.current_parcel p WHERE ST_DWithin(p.geom_3857, g.pt, 400))
         ORDER BY ST_Distance(g.pt, home.centre) LIMIT 1)
       SELECT home.id AS commune_id, home.sheet_no,
              ${lonLat('spot.pt', '3857')} AS centre,
              ARRAY(SELECT ARRAY[ST_X(c), ST_Y(c)] FROM (VALUES (-15, -15), (15, -15), (15, 15), (-15, 15)) AS d(dx, dy),
                    LATERAL ST_Transform(ST_Translate(spot.pt, d.dx, d.dy), 4326) AS c) AS corners
       FROM home, spot`,
    );
    const spot = rows[0];
    expect(spot, 'an empty spot').toBeDefined();
    const corners = spot.corners as [number, number][];

    await page.evaluate(
      (centre) =>
        (window as unknown as { diagisMap: TestMap }).diagisMap.jumpTo({
          center: centre as [number, number],
          zoom: 19,
        }),
      spot.centre,
    );
    await waitForIdleMap();
    await startPicking();
    await page.click('#editor-draw');
    await page.waitForSelector('#editor[data-task="create"][data-state="idle"]');
    expect(await page.locator('#editor-communeId').isVisible()).toBe(true);

    // Click the four corners, then the first again to close the ring.
    for (const corner of corners) {
      await clickAt(corner);
      await page.waitForTimeout(150);
    }
    await clickAt(corners[0] as [number, number]);
    await page.locator('#editor-save:not([disabled])').waitFor();

    await page.fill('#editor-communeId', String(spot.commune_id));
    await page.fill('#editor-sheetNo', String(spot.sheet_no));
    await page.fill('#editor-parcelNo', '1');
    await page.fill('#editor-landUses', 'LUC 900');
    await page.fill('#editor-reason', 'Đo vẽ thửa mới (kiểm thử trình duyệt)');
    expect(await press('check'), await editorText()).toBe('checked');
    expect(await visibleText(page.locator('#editor-violations'))).toContain(
      'Không phát hiện vi phạm',
    );
    expect(await press('save'), await editorText()).toBe('saved');
    const created = Number(await page.locator('#editor').getAttribute('data-parcel-id'));
    expect(created).toBeGreaterThan(0);

    const reply = await web.call('surveyor1', 'GET', `/api/parcels/${created}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      versionNo: 1,
      commune: { id: spot.commune_id },
      sheetNo: spot.sheet_no,
      parcelNo: 1,
      landUses: [expect.objectContaining({ code: 'LUC', area: 900 })],
    });
    // About 30 m × 30 m (EPSG:3857 metres shrink by cos(latitude) ≈ 0.986 here).
    expect(reply.body.computedArea).toBeGreaterThan(800);
    expect(reply.body.computedArea).toBeLessThan(900);
    await page.waitForFunction(
      (id) => {
        const map = (window as unknown as { diagisMap: TestMap }).diagisMap;
        return (
          map.areTilesLoaded() &&
          map
            .queryRenderedFeatures()
            .some((feature) => feature.sourceLayer === 'parcels' && Number(feature.id) === id)
        );
      },
      created,
      { timeout: 30_000, polling: 250 },
    );
    await page.screenshot({ path: `${artefacts}/parcel-editor-draw.png` });
  });
});
