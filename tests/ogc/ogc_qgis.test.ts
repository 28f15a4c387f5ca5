import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// QGIS (Debian's python3-qgis with qgis-providers) runs headless as a child process against
// a real listening server, through its own OAPIF provider: the client the department's
// surveyors use on their desktops. execFile is asynchronous so the server keeps answering.
const run = promisify(execFile);
const script = new URL('./qgis_read.py', import.meta.url).pathname;
let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx?.close());

interface QgisAnswer {
  qgis: string;
  layers: Record<string, { valid: boolean; crs: string; geometry: string; fields: string[] }>;
  window: { commune: string; sheet: number; parcel: number; valid: boolean; parts: number }[];
}

describe('QGIS reads the OGC API', () => {
  it('opens every collection as a layer and gets exactly the parcels of a box, page by page', async () => {
    // A box of about 2 km around the middle of the first commune's sheet 2: thousands of
    // parcels, more than QGIS's 1,000 a page, so it has to follow next links.
    const { rows } = await fx.pool.query(
      `SELECT ST_X(c) - 0.01 AS west, ST_Y(c) - 0.01 AS south, ST_X(c) + 0.01 AS east, ST_Y(c) + 0.01 AS north
       FROM (SELECT ST_Centroid(ST_Extent(ST_Transform(geom, 4326))::geometry) AS c
             FROM cadastre.current_parcel
             WHERE commune_id = (SELECT min(commune_id) FROM cadastre.current_parcel) AND sheet_no = 2) AS middle`,
    );
    const box = rows[0] as { west: number; south: number; east: number; north: number };
    const { stdout } = await run(
      '/usr/bin/python3',
      [script, fx.base, ...[box.west, box.south, box.east, box.north].map(String)],
      { maxBuffer: 64 * 1024 * 1024, timeout: 240_000, env: { ...process.env, HOME: '/tmp' } },
    );
    const answer = JSON.parse(stdout) as QgisAnswer;
    expect(answer.qgis).toMatch(/^3\./);

    const expected: Record<string, string> = {
      parcels: 'MultiPolygon',
      map_sheets: 'Polygon',
      plan_zones: 'MultiPolygon',
      stations: 'Point',
      admin_units: 'MultiPolygon',
    };
    for (const [name, geometry] of Object.entries(expected)) {
      expect(answer.layers[name], name).toMatchObject({ valid: true, crs: 'EPSG:4326', geometry });
    }
    expect(answer.layers.parcels?.fields).toEqual(
      expect.arrayContaining(['commune_code', 'sheet_no', 'parcel_no', 'land_use_1', 'legal_area']),
    );
    // Nothing personal reaches a desktop client through the open API.
    for (const layer of Object.values(answer.layers)) {
      expect(
        layer.fields.filter((field) => /holder|owner|full_name|phone|id_number/.test(field)),
      ).toEqual([]);
    }

    const { rows: inBox } = await fx.pool.query(
      `SELECT commune_code AS commune, sheet_no AS sheet, parcel_no AS parcel
       FROM cadastre.current_parcel
       WHERE ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope($1, $2, $3, $4, 4326))`,
      [box.west, box.south, box.east, box.north],
    );
    expect(inBox.length).toBeGreaterThan(1000);
    const key = (p: { commune: string; sheet: number; parcel: number }) =>
      `${p.commune}/${p.sheet}/${p.parcel}`;
    expect(answer.window.map(key).sort()).toEqual(inBox.map(key).sort());
    expect(answer.window.every((parcel) => parcel.valid && parcel.parts >= 1)).toBe(true);
  }, 300_000);
});
