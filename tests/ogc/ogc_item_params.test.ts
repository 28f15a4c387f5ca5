import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { ownedCommunes } from '../support/sample_areas';

// Counts are taken in this file's own demo commune (tests/support/sample_areas.ts), where no
// other file splits, merges or imports while they run.
const owned = ownedCommunes('tests/ogc/ogc_item_params.test.ts')[0] as string;

let fx: AppFixture;
// Statements the app's pool runs, to check how many queries one request needs.
const statements: string[] = [];

beforeAll(async () => {
  fx = await startAppFixture();
  // Every statement of both pools (anonymous OGC reads use the public one).
  for (const pool of [fx.pool, fx.publicPool]) {
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args) => {
        const first = args[0] as string | { text: string };
        statements.push(typeof first === 'string' ? first : first.text);
        return query(...args);
      };
    });
  }
});
afterAll(() => fx.close());

const get = (path: string) => fetch(`${fx.base}/ogc/collections/${path}`);
const count = async (sql: string, params: unknown[] = []) =>
  (await fx.pool.query(sql, params)).rows[0].n as number;

describe('OGC items property filters and property selection', () => {
  it('filters on declared queryables with AND semantics', async () => {
    const { rows } = await fx.pool.query(
      `SELECT commune_code, sheet_no, count(*)::int AS n, min(parcel_no) AS parcel_no
       FROM cadastre.current_parcel WHERE commune_code = $1 GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 1`,
      [owned],
    );
    const { commune_code: commune, sheet_no: sheet, n: expected, parcel_no: parcelNo } = rows[0];
    expect(expected).toBeLessThan(
      await count(
        'SELECT count(*)::int AS n FROM cadastre.current_parcel WHERE commune_code = $1',
        [owned],
      ),
    );
    const page = await (
      await get(`parcels/items?commune_code=${commune}&sheet_no=${sheet}&limit=1000`)
    ).json();
    expect(page.numberMatched).toBe(expected);
    for (const feature of page.features) {
      expect(feature.properties).toMatchObject({ commune_code: commune, sheet_no: sheet });
    }
    const exact = await (
      await get(`parcels/items?commune_code=${commune}&sheet_no=${sheet}&parcel_no=${parcelNo}`)
    ).json();
    expect(exact.numberMatched).toBe(1);
    const otherSheet = await (
      await get(`parcels/items?commune_code=${commune}&sheet_no=${sheet + 1000}`)
    ).json();
    expect(otherSheet.numberMatched).toBe(0);
  });

  it('filters parcels by their first land use like the land-use table says', async () => {
    // The commonest first land use of this file's commune, and how many parcels have it.
    const { rows } = await fx.pool.query(
      `SELECT lu.code, count(*)::int AS n FROM cadastre.current_parcel p
       JOIN cadastre.parcel_land_use lu ON lu.version_id = p.version_id AND lu.seq = 1
       WHERE p.commune_code = $1 GROUP BY lu.code ORDER BY 2 DESC, 1 LIMIT 1`,
      [owned],
    );
    const { code, n: expected } = rows[0];
    expect(expected).toBeLessThan(
      await count(
        'SELECT count(*)::int AS n FROM cadastre.current_parcel WHERE commune_code = $1',
        [owned],
      ),
    );
    const page = await (
      await get(`parcels/items?commune_code=${owned}&land_use_1=${code}&limit=5`)
    ).json();
    expect(page.numberMatched).toBe(expected);
    expect(page.features).toHaveLength(5);
    for (const feature of page.features) expect(feature.properties.land_use_1).toBe(code);
  });

  it('returns only the properties asked for, and none for an empty list', async () => {
    const chosen = await (await get('parcels/items?limit=3&properties=sheet_no,parcel_no')).json();
    for (const feature of chosen.features) {
      expect(Object.keys(feature.properties).sort()).toEqual(['parcel_no', 'sheet_no']);
    }
    const none = await (await get('parcels/items?limit=2&properties=')).json();
    expect(none.features[0].properties).toEqual({});
    expect(none.features[0].geometry.type).toBe('MultiPolygon');
  });

  it('keeps areas to 0.1 m² and never serves holder data', async () => {
    const page = await (await get('parcels/items?limit=200')).json();
    const text = JSON.stringify(page);
    expect(text).not.toMatch(/holder|full_name|id_number|party|land_address|cert_/);
    for (const feature of page.features) {
      const area = feature.properties.computed_area as number;
      expect(Math.round(area * 10) / 10).toBe(area);
    }
  });

  it('selects administrative units valid on a day (Vietnam time) with datetime', async () => {
    const onDay = async (day: string) =>
      count('SELECT count(*)::int AS n FROM admin.unit WHERE valid @> $1::date', [day]);
    const before = await (await get('admin_units/items?datetime=2020-01-01&limit=1')).json();
    expect(before.numberMatched).toBe(await onDay('2020-01-01'));
    // 18:00 UTC on 30 June is 01:00 on 1 July in Vietnam: the day the reform took effect.
    const after = await (
      await get('admin_units/items?datetime=2025-06-30T18:00:00Z&limit=1')
    ).json();
    expect(after.numberMatched).toBe(await onDay('2025-07-01'));
    expect(after.numberMatched).not.toBe(before.numberMatched);
    const interval = await (await get('admin_units/items?datetime=../2020-01-01&limit=1')).json();
    expect(interval.numberMatched).toBe(
      await count("SELECT count(*)::int AS n FROM admin.unit WHERE lower(valid) <= '2020-01-01'"),
    );
  });
});

describe('OGC items parameter errors', () => {
  it.each([
    ['parcels/items?limit=20000', 'limit', 'limit: must be an integer 1-10000, got 20000'],
    ['parcels/items?limit=0', 'limit', 'limit: must be an integer 1-10000, got 0'],
    ['parcels/items?offset=-5', 'offset', 'offset: must be an integer >= 0, got -5'],
    [
      'parcels/items?bbox=1,2,3',
      'bbox',
      "bbox: must be 4 numbers minx,miny,maxx,maxy, got '1,2,3'",
    ],
    [
      'parcels/items?bbox=105,9,106,10,0,5',
      'bbox',
      'bbox: must be 4 numbers minx,miny,maxx,maxy; 3D boxes (6 numbers) are not supported',
    ],
    [
      'parcels/items?bbox=106,9,105,10',
      'bbox',
      'bbox: the lower corner must not exceed the upper corner, got 106,9,105,10',
    ],
    [
      'parcels/items?bbox=105,9,east,10',
      'bbox',
      "bbox: must be 4 numbers minx,miny,maxx,maxy, got '105,9,east,10'",
    ],
    ['parcels/items?crs=EPSG:9209', 'crs', undefined],
    ['parcels/items?bbox-crs=http://www.opengis.net/def/crs/EPSG/0/2154', 'bbox-crs', undefined],
    ['parcels/items?properties=sheet_no,owner', 'properties', undefined],
    [
      'parcels/items?owner=Nguyen',
      'owner',
      'owner: unknown query parameter; allowed: f, limit, offset, after, bbox, bbox-crs, crs, datetime, properties, commune_code, sheet_no, parcel_no, land_use_1',
    ],
    ['parcels/items?cert_sheet_no=1', 'cert_sheet_no', undefined],
    ['parcels/items?sheet_no=three', 'sheet_no', "sheet_no: must be an integer, got 'three'"],
    ['parcels/items?limit=5&limit=6', 'limit', 'limit: must be given once'],
    [
      'parcels/items?datetime=2020-01-01',
      'datetime',
      'datetime: collection parcels has no time dimension',
    ],
    ['admin_units/items?datetime=yesterday', 'datetime', undefined],
    ['parcels/items/abc', 'featureId', "featureId: must be a positive integer, got 'abc'"],
    ['parcels/items/-3', 'featureId', "featureId: must be a positive integer, got '-3'"],
    ['parcels/items/1?limit=5', 'limit', undefined],
  ])('%s is a 400 naming %s', async (path, field, message) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    if (message) expect(error.message).toBe(message);
  });

  it('answers 404 for an unknown feature', async () => {
    const response = await get('parcels/items/999999999');
    expect(response.status).toBe(404);
    expect((await response.json()).error.field).toBe('featureId');
  });

  it('treats SQL in a filter value as a value that matches nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM cadastre.parcel_version');
    const injected = encodeURIComponent("'; DROP TABLE cadastre.parcel_version;--");
    const response = await get(`parcels/items?commune_code=${injected}`);
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.numberMatched).toBe(0);
    expect(page.features).toEqual([]);
    const numeric = await get(`parcels/items?sheet_no=${encodeURIComponent('1; DROP TABLE x')}`);
    expect(numeric.status).toBe(400);
    const quoted = await get(
      `plan_zones/items?planned_use_code=${encodeURIComponent("ODT' OR '1'='1")}`,
    );
    expect((await quoted.json()).numberMatched).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM cadastre.parcel_version')).toBe(before);
  });
});

describe('OGC items efficiency', () => {
  it('serves a page of 1000 parcels with one query', async () => {
    await get('parcels/items?limit=1');
    statements.length = 0;
    const response = await get('parcels/items?limit=1000&offset=3000');
    expect(response.status).toBe(200);
    expect((await response.json()).numberReturned).toBe(1000);
    const queries = statements.filter((text) => /\bfrom\b/i.test(text));
    expect(queries).toHaveLength(1);
  });
});
