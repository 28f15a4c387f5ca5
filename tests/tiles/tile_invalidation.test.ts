import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../core/db/transaction';
import { createLogger } from '../../server/logger';
import { reviseParcel } from '../../server/parcels/parcel_versions';
import { findLayer } from '../../tiles/layers';
import { tileBbox } from '../../tiles/tile_math';
import { TileService } from '../../tiles/tile_service';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture({ poolSize: 6 });
});
afterAll(() => fx.close());

/** A current parcel (the n-th by id, far from those other test files use), the z18 and z14 tiles holding a point inside it. */
async function pickParcel(n: number) {
  const { rows } = await fx.pool.query(
    `SELECT parcel_id, version_no, ST_AsGeoJSON(ST_Translate(geom, 8, 3))::json AS moved,
            floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 18))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 18))::int AS y
     FROM (SELECT parcel_id, version_no, geom, ST_PointOnSurface(geom_3857) AS c
           FROM cadastre.current_parcel ORDER BY parcel_id OFFSET $1 LIMIT 1) AS p`,
    [n],
  );
  const row = rows[0];
  return {
    parcelId: Number(row.parcel_id),
    versionNo: row.version_no as number,
    moved: row.moved as object,
    z18: `/tiles/parcels/18/${row.x}/${row.y}.mvt`,
    z14: `/tiles/landuse/14/${row.x >> 4}/${row.y >> 4}.mvt`,
    tile18: { x: row.x as number, y: row.y as number },
  };
}

const move = (parcelId: number, versionNo: number, geometry: object) =>
  withTransaction(fx.pool, { source: 'tile test' }, (client) =>
    reviseParcel(client, {
      parcelId,
      expectedVersionNo: versionNo,
      changes: { geometry },
      source: { kind: 'survey', ref: 'tile-invalidation-test' },
      reason: 'boundary moved 8 m east, 3 m north',
      authorId: null,
      at: new Date(),
    }),
  );

/** Vertices of one feature in tile coordinates, sorted, for comparing geometries. */
const vertices = (rings: { x: number; y: number }[][]) =>
  rings
    .flat()
    .map((p) => `${p.x},${p.y}`)
    .sort();

/**
 * The parcel's stored Web Mercator vertices placed in the z18 tile (extent 4096, 64 px
 * buffer) with plain slippy-map arithmetic, independently of the tile SQL: what a correct
 * tile must hold, to the pixel.
 */
async function expectedVertices(parcelId: number, x: number, y: number): Promise<string[]> {
  const { rows } = await fx.pool.query<{ mx: number; my: number }>(
    `SELECT ST_X(d.geom) AS mx, ST_Y(d.geom) AS my
     FROM cadastre.current_parcel p, LATERAL ST_DumpPoints(p.geom_3857) AS d
     WHERE p.parcel_id = $1`,
    [parcelId],
  );
  const size = 40_075_016.68557849 / 2 ** 18;
  const west = -20_037_508.342789244 + x * size;
  const north = 20_037_508.342789244 - y * size;
  return [
    ...new Set(
      rows
        .map((p): [number, number] => [
          Math.round(((p.mx - west) / size) * 4096),
          Math.round(((north - p.my) / size) * 4096),
        ])
        .filter(([px, py]) => px >= -64 && px <= 4160 && py >= -64 && py <= 4160)
        .map(([px, py]) => `${px},${py}`),
    ),
  ].sort();
}

/** Area in square pixels of an MVT polygon feature: exterior rings count, holes subtract. */
function signedArea(rings: { x: number; y: number }[][]): number {
  let total = 0;
  for (const ring of rings) {
    let twice = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j] as { x: number; y: number };
      const b = ring[i] as { x: number; y: number };
      twice += a.x * b.y - b.x * a.y;
    }
    // In tile coordinates (y down) exterior rings are clockwise, i.e. positive here.
    total += twice / 2;
  }
  return total;
}

/** Every expected vertex is in the tile (rounding may move it by one pixel). */
function expectSameVertices(got: string[], expected: string[]) {
  expect(expected.length).toBeGreaterThan(0);
  const points = (list: string[]) =>
    list.map((text) => text.split(',').map(Number) as [number, number]);
  const served = points(got);
  for (const [ex, ey] of points(expected)) {
    const nearest = Math.min(
      ...served.map(([gx, gy]) => Math.max(Math.abs(gx - ex), Math.abs(gy - ey))),
    );
    expect(nearest, `vertex ${ex},${ey} of the stored geometry`).toBeLessThanOrEqual(1);
  }
}

const decode = async (response: Response) =>
  new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));

/** Fetches until the server answers from a fresh render (the edit reached the cache), at most 10 s. */
async function fetchUntilRendered(path: string): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${fx.base}${path}`);
    if (response.headers.get('x-tile-cache') === 'miss' || Date.now() > deadline) return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Fetches until the server answers from its memory cache, at most 10 s. */
async function fetchUntilCached(path: string): Promise<Response> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`${fx.base}${path}`);
    if (response.headers.get('x-tile-cache') === 'hit-memory' || Date.now() > deadline)
      return response;
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('tile invalidation', () => {
  it('serves the new geometry in the z18 parcel tile and the overview after an edit committed elsewhere (LISTEN)', async () => {
    const parcel = await pickParcel(4321);
    // Both tiles are in the cache before the edit. A render that overlaps any invalidation
    // (other test files edit elsewhere at the same time) is served but not cached: ask again.
    const hit18 = await fetchUntilCached(parcel.z18);
    expect(hit18.headers.get('x-tile-cache')).toBe('hit-memory');
    const before18 = await decode(hit18);
    const hit14 = await fetchUntilCached(parcel.z14);
    expect(hit14.headers.get('x-tile-cache')).toBe('hit-memory');
    const cachedOverview = await hit14.arrayBuffer();
    const oldFeature = Array.from({ length: before18.layers.parcels?.length ?? 0 }, (_, i) =>
      before18.layers.parcels?.feature(i),
    ).find((feature) => feature?.id === parcel.parcelId);
    expect(oldFeature).toBeDefined();

    // The edit runs on its own connection, as another server process or psql would.
    await move(parcel.parcelId, parcel.versionNo, parcel.moved);

    const after18 = await fetchUntilRendered(parcel.z18);
    expect(after18.headers.get('x-tile-cache')).toBe('miss');
    const tile = await decode(after18);
    const layer = tile.layers.parcels;
    const feature = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i)).find(
      (candidate) => candidate?.id === parcel.parcelId,
    );
    const got = vertices(feature?.loadGeometry() ?? []);
    expectSameVertices(
      got,
      await expectedVertices(parcel.parcelId, parcel.tile18.x, parcel.tile18.y),
    );
    expect(got).not.toEqual(vertices(oldFeature?.loadGeometry() ?? []));

    const after14 = await fetchUntilRendered(parcel.z14);
    expect(after14.headers.get('x-tile-cache')).toBe('miss');
    const served = Buffer.from(await after14.arrayBuffer());
    expect(served.equals(Buffer.from(cachedOverview))).toBe(false);
    // What was served is exactly a fresh render of the refreshed overview. Only this tile's
    // communes matter: other test files edit parcels elsewhere at the same time.
    const [z, x, y] = parcel.z14.match(/\d+/g)?.slice(-3).map(Number) ?? [];
    const dirty = await fx.pool.query(
      'SELECT count(*)::int AS n FROM tiles.landuse_dirty WHERE bbox && ST_TileEnvelope($1, $2, $3)',
      [z, x, y],
    );
    expect(dirty.rows[0].n).toBe(0);
    // And it holds the land use of the parcels as they are now: per main use, the area of
    // the served polygons equals that of the current parcels in the (buffered) tile,
    // computed here from the parcels and their uses, not from the overview or its SQL.
    const overview = new VectorTile(new PbfReader(new Uint8Array(served))).layers.landuse;
    const servedArea: Record<string, number> = {};
    for (let i = 0; i < (overview?.length ?? 0); i++) {
      const feature = overview?.feature(i);
      const code = String(feature?.properties.code);
      servedArea[code] = (servedArea[code] ?? 0) + signedArea(feature?.loadGeometry() ?? []);
    }
    const { rows: expectedRows } = await fx.pool.query<{ code: string; px: number }>(
      `WITH tile AS (SELECT ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096) AS box,
                            (ST_XMax(ST_TileEnvelope($1, $2, $3)) - ST_XMin(ST_TileEnvelope($1, $2, $3))) / 4096 AS px),
            parcel AS (
              SELECT p.geom_3857,
                     (SELECT lu.code FROM cadastre.parcel_land_use lu WHERE lu.version_id = p.version_id
                      ORDER BY lu.area DESC, lu.seq LIMIT 1) AS code
              FROM cadastre.current_parcel p, tile WHERE p.geom_3857 && tile.box)
       SELECT code, sum(ST_Area(ST_Intersection(geom_3857, tile.box)) / (tile.px * tile.px))::float8 AS px
       FROM parcel, tile GROUP BY code`,
      [z, x, y],
    );
    const sizable = expectedRows.filter((r) => r.px > 400);
    expect(sizable.length).toBeGreaterThan(0);
    for (const row of sizable) {
      expect(
        Math.abs((servedArea[row.code] ?? 0) - row.px) / row.px,
        `area of ${row.code} in landuse/${z}/${x}/${y}`,
      ).toBeLessThan(0.02);
    }
  });

  it('drops the touched tiles synchronously through the in-process invalidate()', async () => {
    const layer = findLayer('parcels');
    if (!layer) throw new Error('parcels layer missing');
    const service = new TileService({
      pool: fx.pool,
      cacheBytes: 64 * 1024 * 1024,
      logger: createLogger('silent'),
    });
    try {
      const parcel = await pickParcel(4400);
      const { x, y } = parcel.tile18;
      expect((await service.tile(layer, 'public', 18, x, y)).source).toBe('rendered');
      expect((await service.tile(layer, 'public', 18, x, y)).source).toBe('memory');
      // Nothing changed yet: a box inside the tile drops exactly that cached tile, synchronously.
      const [tx0, ty0] = tileBbox(18, x, y);
      expect(service.invalidate([tx0 + 50, ty0 + 50, tx0 + 60, ty0 + 60], ['parcels'])).toBe(1);
      expect((await service.tile(layer, 'public', 18, x, y)).source).toBe('rendered');
      await move(parcel.parcelId, parcel.versionNo, parcel.moved);
      const { rows } = await fx.pool.query(
        `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1
         FROM (SELECT ST_Extent(geom_3857) AS b FROM cadastre.parcel_version WHERE parcel_id = $1) AS e`,
        [parcel.parcelId],
      );
      const box = rows[0];
      service.invalidate([box.x0, box.y0, box.x1, box.y1], ['parcels']);
      const next = await service.tile(layer, 'public', 18, x, y);
      expect(next.source).toBe('rendered');
      const decoded = new VectorTile(new PbfReader(gunzipSync(next.tile.gzip)));
      const features = decoded.layers.parcels;
      const feature = Array.from({ length: features?.length ?? 0 }, (_, i) =>
        features?.feature(i),
      ).find((candidate) => candidate?.id === parcel.parcelId);
      expectSameVertices(
        vertices(feature?.loadGeometry() ?? []),
        await expectedVertices(parcel.parcelId, x, y),
      );
    } finally {
      await service.close();
    }
  });
});
