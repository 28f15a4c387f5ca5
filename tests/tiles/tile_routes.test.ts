import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
/** The z18 tile holding the centroid of one current parcel, and that parcel. */
let parcelTile: { z: number; x: number; y: number; parcelId: number };

beforeAll(async () => {
  fx = await startAppFixture();
  const { rows } = await fx.pool.query(
    `SELECT parcel_id,
            floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 18))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 18))::int AS y
     FROM (SELECT parcel_id, ST_PointOnSurface(geom_3857) AS c FROM cadastre.current_parcel
           ORDER BY parcel_id LIMIT 1) AS p`,
  );
  parcelTile = { z: 18, x: rows[0].x, y: rows[0].y, parcelId: Number(rows[0].parcel_id) };
});
afterAll(() => fx.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${fx.base}${path}`, { headers });
const tilePath = (t: { z: number; x: number; y: number }, layer = 'parcels', ext = 'mvt') =>
  `/tiles/${layer}/${t.z}/${t.x}/${t.y}.${ext}`;

describe('tile path validation', () => {
  it.each([
    ['/tiles/parcels/12/3253/1938.mvt', 400, 'z: must be 15-22 for parcels, got 12'],
    ['/tiles/parcels/23/1/1.mvt', 400, 'z: must be 15-22 for parcels, got 23'],
    ['/tiles/landuse/15/1/1.mvt', 400, 'z: must be 11-14 for landuse, got 15'],
    ['/tiles/parcels/15/32768/1.mvt', 400, 'x: must be 0-32767 at z15, got 32768'],
    ['/tiles/parcels/15/1/32768.pbf', 400, 'y: must be 0-32767 at z15, got 32768'],
    ['/tiles/parcels/15/-1/1.mvt', 400, 'x: must be a whole number, got -1'],
    ['/tiles/parcels/15.5/1/1.mvt', 400, 'z: must be a whole number, got 15.5'],
    ['/tiles/parcels/15/1/01.mvt', 400, 'y: must be a whole number, got 01'],
    ['/tiles/parcels/15/1/1.png', 400, 'format: must be {y}.mvt or {y}.pbf, got 1.png'],
    ['/tiles/holders/15/1/1.mvt', 404, 'layer: no layer named holders'],
    ['/tiles/nope.json', 404, 'layer: no TileJSON named nope.json'],
  ])('%s answers %i with "%s"', async (path, status, message) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect((await response.json()).error.message).toBe(message);
  });

  it('answers 404 for extra or missing path segments', async () => {
    expect((await get('/tiles/parcels/15/1/1/1.mvt')).status).toBe(404);
    expect((await get('/tiles/parcels/15/1')).status).toBe(404);
  });
});

describe('tile responses', () => {
  it('answers 204 with no body for a tile without features', async () => {
    const response = await get('/tiles/parcels/15/0/0.mvt');
    expect(response.status).toBe(204);
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('gzips when accepted, sends a strong ETag and answers 304 to If-None-Match', async () => {
    const path = tilePath(parcelTile, 'parcels', 'pbf');
    const zipped = await fetch(`${fx.base}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(zipped.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = zipped.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}-gzip"$/);
    const unzipped = await fetch(`${fx.base}${path}`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    expect(unzipped.headers.get('content-encoding')).toBeNull();
    expect(unzipped.headers.get('etag')).toBe(etag.replace('-gzip', ''));
    const raw = Buffer.from(await unzipped.arrayBuffer());
    expect(raw.length).toBeGreaterThan(100);

    const again = await fetch(`${fx.base}${path}`, {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    const stale = await fetch(`${fx.base}${path}`, {
      headers: { 'If-None-Match': '"something-else"' },
    });
    expect(stale.status).toBe(200);
  });

  it('carries parcel features with the parcel id as feature id, their numbers and uses, and no holder', async () => {
    const response = await fetch(`${fx.base}${tilePath(parcelTile)}`, {
      headers: { 'Accept-Encoding': 'identity' },
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const tile = new VectorTile(new PbfReader(bytes));
    const layer = tile.layers.parcels;
    expect(layer).toBeDefined();
    expect(layer?.extent).toBe(4096);
    const features = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i));
    const ours = features.find((feature) => feature?.id === parcelTile.parcelId);
    expect(ours).toBeDefined();
    const { rows } = await fx.pool.query(
      `SELECT u.code AS commune_code, p.sheet_no, p.parcel_no, p.legal_area::float8
       FROM cadastre.current_parcel p JOIN admin.unit u ON u.id = p.commune_id WHERE p.parcel_id = $1`,
      [parcelTile.parcelId],
    );
    expect(ours?.properties).toMatchObject({
      commune_code: rows[0].commune_code,
      sheet_no: rows[0].sheet_no,
      parcel_no: rows[0].parcel_no,
    });
    expect(ours?.properties.main_use).toMatch(/^[A-Z]{3}$/);
    expect(String(ours?.properties.uses)).toContain(String(ours?.properties.main_use));
    expect(ours?.type).toBe(3);
    const allowed = [
      'commune_code',
      'sheet_no',
      'parcel_no',
      'main_use',
      'uses',
      'legal_area',
      'computed_area',
    ];
    for (const feature of features) {
      expect(Object.keys(feature?.properties ?? {}).every((key) => allowed.includes(key))).toBe(
        true,
      );
      expect(typeof feature?.id).toBe('number');
    }
    expect(JSON.stringify(features.map((f) => f?.properties))).not.toMatch(
      /holder|full_name|id_number|party/i,
    );
  });

  it('serves the land-use overview below the parcel zooms, gzip body decoding to land-use features', async () => {
    const z = 14;
    const x = parcelTile.x >> 4;
    const y = parcelTile.y >> 4;
    const response = await fetch(`${fx.base}/tiles/landuse/${z}/${x}/${y}.mvt`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    const tile = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
    const layer = tile.layers.landuse;
    expect(layer?.length).toBeGreaterThan(0);
    expect(layer?.feature(0).properties.code).toMatch(/^[A-Z]{3}$/);
  });
});
