import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { ownedCommunes } from '../support/sample_areas';
import { betweenEqualCounts } from '../support/stable_count';

// Other files split, merge and import parcels meanwhile: counts, pages and boxes are taken in
// this file's own demo commune (tests/support/sample_areas.ts), which no other file writes.
const commune = ownedCommunes('tests/ogc/ogc_items.test.ts')[0] as string;

let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx.close());

interface Feature {
  id: number;
  geometry: { type: string; coordinates: number[][][][] };
  properties: Record<string, unknown>;
}
interface Page {
  numberMatched?: number;
  numberReturned: number;
  timeStamp: string;
  links: { rel: string; href: string; type: string }[];
  features: Feature[];
}

const items = async (collection: string, query: string): Promise<Page> => {
  const response = await fetch(`${fx.base}/ogc/collections/${collection}/items?${query}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
  return response.json();
};
const linkOf = (page: Page, rel: string) => page.links.find((link) => link.rel === rel)?.href;
const sqlIds = async (sql: string, params: unknown[] = []) =>
  (await fx.pool.query(sql, params)).rows.map((row) => Number(row.id));
const firstRing = (feature: Feature) => feature.geometry.coordinates[0]?.[0] ?? [];

describe('OGC items paging', () => {
  it('reports the exact number of current parcels and pages with limit/offset', async () => {
    const total = (
      await fx.pool.query(
        'SELECT count(*)::int AS n FROM cadastre.current_parcel WHERE commune_code = $1',
        [commune],
      )
    ).rows[0].n;
    const page = await items('parcels', `commune_code=${commune}&limit=3&offset=10`);
    expect(page.numberMatched).toBe(total);
    expect(page.numberReturned).toBe(3);
    expect(Date.parse(page.timeStamp)).not.toBeNaN();
    const expected = await sqlIds(
      `SELECT parcel_id AS id FROM cadastre.current_parcel WHERE commune_code = $1
       ORDER BY parcel_id LIMIT 3 OFFSET 10`,
      [commune],
    );
    expect(page.features.map((feature) => feature.id)).toEqual(expected);
    // next is keyset-based: after the last id of this page, offset dropped.
    const path = `${fx.base}/ogc/collections/parcels/items?commune_code=${commune}`;
    expect(linkOf(page, 'next')).toBe(`${path}&limit=3&after=${expected[2]}`);
    expect(linkOf(page, 'prev')).toBe(`${path}&limit=3&offset=7`);
    expect(linkOf(page, 'self')).toBe(`${path}&limit=3&offset=10`);
    // Unfiltered, the count is of every current parcel: taken between two counts that agree.
    const everything = async () =>
      (await fx.pool.query('SELECT count(*)::int AS n FROM cadastre.current_parcel')).rows[0]
        .n as number;
    const all = await betweenEqualCounts(everything, () => items('parcels', 'limit=1'));
    expect(all.observed.numberMatched).toBe(all.count);
    const first = await items('parcels', '');
    expect(first.numberReturned).toBe(100);
    expect(linkOf(first, 'prev')).toBeUndefined();
  });

  it('follows next links through a filtered set: every parcel once, filters kept, no next at the end', async () => {
    const expected = await sqlIds(
      'SELECT parcel_id AS id FROM cadastre.current_parcel WHERE commune_code = $1 ORDER BY 1',
      [commune],
    );
    const seen: number[] = [];
    let url: string | undefined =
      `${fx.base}/ogc/collections/parcels/items?commune_code=${commune}&limit=400`;
    let pages = 0;
    while (url) {
      const page: Page = await (await fetch(url)).json();
      // Counted on the first page only: the pages next links lead to leave numberMatched out.
      if (pages === 0) expect(page.numberMatched).toBe(expected.length);
      else expect(page.numberMatched).toBeUndefined();
      if (pages > 0) expect(url).toMatch(/[?&]after=\d+/);
      expect(page.links.find((link) => link.rel === 'next')?.type ?? 'application/geo+json').toBe(
        'application/geo+json',
      );
      seen.push(...page.features.map((feature) => feature.id));
      url = linkOf(page, 'next');
      if (url) expect(url).toContain(`commune_code=${commune}`);
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(expected.length / 400));
    expect(seen).toEqual(expected);
  });

  it('pages with after: ids past it, offset counted from there, prev only with an offset', async () => {
    const expected = await sqlIds(
      `SELECT parcel_id AS id FROM cadastre.current_parcel WHERE commune_code = $1
       ORDER BY parcel_id LIMIT 8 OFFSET 20`,
      [commune],
    );
    const anchor = expected[0] as number;
    const path = `${fx.base}/ogc/collections/parcels/items?commune_code=${commune}`;
    const page = await items('parcels', `commune_code=${commune}&limit=3&after=${anchor}`);
    expect(page.numberMatched).toBeUndefined();
    expect(page.features.map((feature) => feature.id)).toEqual(expected.slice(1, 4));
    expect(linkOf(page, 'prev')).toBeUndefined();
    expect(linkOf(page, 'next')).toBe(`${path}&limit=3&after=${expected[3]}`);
    const skipped = await items(
      'parcels',
      `commune_code=${commune}&after=${anchor}&offset=2&limit=3`,
    );
    expect(skipped.features.map((feature) => feature.id)).toEqual(expected.slice(3, 6));
    expect(linkOf(skipped, 'prev')).toBe(`${path}&after=${anchor}&offset=0&limit=3`);
    const last = (
      await sqlIds(
        'SELECT max(parcel_id) AS id FROM cadastre.current_parcel WHERE commune_code = $1',
        [commune],
      )
    )[0];
    const end = await items('parcels', `commune_code=${commune}&after=${last}`);
    expect(end.features).toEqual([]);
    expect(linkOf(end, 'next')).toBeUndefined();
    const bad = await fetch(`${fx.base}/ogc/collections/parcels/items?after=1e3`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('after');
  });

  it('has no next link on a last page that is exactly full', async () => {
    const total = (await fx.pool.query('SELECT count(*)::int AS n FROM monitoring.station')).rows[0]
      .n as number;
    const page = await items('stations', `limit=${total}`);
    expect(page.numberReturned).toBe(total);
    expect(linkOf(page, 'next')).toBeUndefined();
  });

  it('answers an offset past the end with no features but the exact count', async () => {
    const page = await items('stations', 'offset=100000');
    const total = (await fx.pool.query('SELECT count(*)::int AS n FROM monitoring.station')).rows[0]
      .n;
    expect(page.numberMatched).toBe(total);
    expect(page.features).toEqual([]);
    expect(linkOf(page, 'next')).toBeUndefined();
  });
});

describe('OGC items bbox filter', () => {
  // A box around the parcel nearest the middle of this file's commune, inside the commune.
  const middle = `(SELECT p.geom FROM cadastre.current_parcel p
    WHERE p.commune_code = $1 ORDER BY p.geom <-> (
      SELECT ST_Centroid(ST_Collect(q.geom)) FROM cadastre.current_parcel q WHERE q.commune_code = $1),
      p.parcel_id LIMIT 1)`;
  const around = async () => {
    const { rows } = await fx.pool.query(
      `SELECT ST_X(c) AS x, ST_Y(c) AS y FROM (
         SELECT ST_Centroid(ST_Transform(geom, 4326)) AS c FROM ${middle} AS m (geom)) s`,
      [commune],
    );
    const { x, y } = rows[0];
    return [x - 0.004, y - 0.003, x + 0.004, y + 0.003] as const;
  };

  it('returns exactly the parcels whose geometry intersects a CRS84 box', async () => {
    const box = await around();
    const expected = await sqlIds(
      `SELECT parcel_id AS id FROM cadastre.current_parcel
       WHERE ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope($1, $2, $3, $4, 4326)) ORDER BY 1`,
      [...box],
    );
    expect(expected.length).toBeGreaterThan(10);
    // The box lies inside this file's commune, so nothing else changes in it.
    const outside = await sqlIds(
      `SELECT parcel_id AS id FROM cadastre.current_parcel
       WHERE parcel_id = ANY($1::bigint[]) AND commune_code <> $2`,
      [expected, commune],
    );
    expect(outside).toEqual([]);
    const page = await items('parcels', `bbox=${box.join(',')}&limit=10000&properties=`);
    expect(page.numberMatched).toBe(expected.length);
    expect(page.features.map((feature) => feature.id)).toEqual(expected);
  });

  it('treats a box reaching past the CRS (the whole world, a huge VN-2000 box) as everything inside', async () => {
    // Other test files split and merge parcels meanwhile: the answers count only when the
    // number of current parcels was the same before and after them.
    const count = async () =>
      (await fx.pool.query('SELECT count(*)::int AS n FROM cadastre.current_parcel')).rows[0]
        .n as number;
    const { count: total, observed: matched } = await betweenEqualCounts(count, async () => {
      const world = await items('parcels', 'bbox=-180,-90,180,90&limit=1');
      const huge = await items(
        'parcels',
        'bbox=-1e9,-1e9,1e9,1e9&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9209&limit=1',
      );
      return [world.numberMatched, huge.numberMatched];
    });
    expect(matched).toEqual([total, total]);
    const arctic = await items('stations', 'bbox=0,86,10,89');
    expect(arctic.numberMatched).toBe(0);
  });

  it('reads bbox-crs EPSG:4326 as latitude first and a VN-2000 bbox in metres', async () => {
    const box = await around();
    const crs84 = await items('parcels', `bbox=${box.join(',')}&limit=1`);
    const latLon = [box[1], box[0], box[3], box[2]].join(',');
    const epsg4326 = await items(
      'parcels',
      `bbox=${latLon}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326&limit=1`,
    );
    expect(epsg4326.numberMatched).toBe(crs84.numberMatched);

    const { rows } = await fx.pool.query(
      `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1 FROM (
         SELECT ST_Expand(ST_Envelope(geom), 300) AS b FROM ${middle} AS m (geom)) s`,
      [commune],
    );
    const { x0, y0, x1, y1 } = rows[0];
    const expected = await sqlIds(
      `SELECT parcel_id AS id FROM cadastre.current_parcel
       WHERE ST_Intersects(geom, ST_MakeEnvelope($1, $2, $3, $4, 9209)) ORDER BY 1`,
      [x0, y0, x1, y1],
    );
    const vn2000 = await items(
      'parcels',
      `bbox=${[x0, y0, x1, y1].join(',')}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/9209&limit=10000&properties=`,
    );
    expect(vn2000.features.map((feature) => feature.id)).toEqual(expected);
  });
});

describe('OGC items output CRS', () => {
  it('serves VN-2000 (EPSG:9209) coordinates equal to the native geometry within 1 mm', async () => {
    const response = await fetch(
      `${fx.base}/ogc/collections/parcels/items?commune_code=${commune}&limit=20&offset=500&crs=http://www.opengis.net/def/crs/EPSG/0/9209`,
    );
    expect(response.headers.get('content-crs')).toBe(
      '<http://www.opengis.net/def/crs/EPSG/0/9209>',
    );
    const page: Page = await response.json();
    const { rows } = await fx.pool.query(
      `SELECT parcel_id AS id, ST_AsGeoJSON(geom)::json AS g FROM cadastre.current_parcel
       WHERE parcel_id = ANY($1::bigint[]) ORDER BY parcel_id`,
      [page.features.map((feature) => feature.id)],
    );
    expect(rows).toHaveLength(20);
    for (const [index, row] of rows.entries()) {
      const served = firstRing(page.features[index] as Feature);
      const native = row.g.coordinates[0][0] as number[][];
      expect(served).toHaveLength(native.length);
      served.forEach((point, k) => {
        expect(Math.abs((point[0] ?? 0) - (native[k]?.[0] ?? 0))).toBeLessThanOrEqual(0.001);
        expect(Math.abs((point[1] ?? 0) - (native[k]?.[1] ?? 0))).toBeLessThanOrEqual(0.001);
      });
    }
  });

  it('transforms WGS 84 stations straight into VN-2000 like ST_Transform does', async () => {
    const page = await items('stations', 'crs=http://www.opengis.net/def/crs/EPSG/0/9209&limit=5');
    const { rows } = await fx.pool.query(
      `SELECT id, ST_X(p) AS x, ST_Y(p) AS y FROM (
         SELECT id, ST_Transform(geom, 9209) AS p FROM monitoring.station ORDER BY id LIMIT 5) s`,
    );
    for (const [index, row] of rows.entries()) {
      const point = page.features[index]?.geometry.coordinates ?? [];
      const [x, y] = point as unknown as number[];
      expect(page.features[index]?.id).toBe(row.id);
      expect(Math.abs((x ?? 0) - row.x)).toBeLessThanOrEqual(0.001);
      expect(Math.abs((y ?? 0) - row.y)).toBeLessThanOrEqual(0.001);
      expect(x).toBeGreaterThan(400_000);
    }
  });

  it('puts latitude first for EPSG:4326 and longitude first for CRS84', async () => {
    const crs84 = await items('parcels', `commune_code=${commune}&limit=1&offset=42`);
    const response = await fetch(
      `${fx.base}/ogc/collections/parcels/items/${crs84.features[0]?.id}?crs=http://www.opengis.net/def/crs/EPSG/0/4326`,
    );
    expect(response.headers.get('content-crs')).toBe(
      '<http://www.opengis.net/def/crs/EPSG/0/4326>',
    );
    const feature: Feature = await response.json();
    const lonLat = firstRing(crs84.features[0] as Feature)[0] ?? [];
    const latLon = firstRing(feature)[0] ?? [];
    expect(lonLat[0]).toBeGreaterThan(100);
    expect(lonLat[1]).toBeLessThan(25);
    expect(latLon).toEqual([lonLat[1], lonLat[0]]);
  });

  it('serves Web Mercator in metres with the Content-Crs header', async () => {
    const response = await fetch(
      `${fx.base}/ogc/collections/parcels/items?commune_code=${commune}&limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/3857`,
    );
    expect(response.headers.get('content-crs')).toBe(
      '<http://www.opengis.net/def/crs/EPSG/0/3857>',
    );
    const page: Page = await response.json();
    const { rows } = await fx.pool.query(
      `SELECT ST_XMin(geom_3857) AS x FROM cadastre.current_parcel WHERE parcel_id = $1`,
      [page.features[0]?.id],
    );
    const xs = firstRing(page.features[0] as Feature).map((point) => point[0] ?? 0);
    expect(Math.abs(Math.min(...xs) - rows[0].x)).toBeLessThanOrEqual(0.001);
  });
});
