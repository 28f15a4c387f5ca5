import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { neighbourPair, polygon, pushSharedEdge, sampleSheet } from '../support/parcel_samples';

let fx: AppFixture;
let base: string;

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1'], poolSize: 8 });
  base = fx.base;
});
afterAll(() => fx.close());

/** The parcel's vertices in one decoded tile, sorted, or undefined when it is not there. */
async function parcelVertices(path: string, parcelId: number) {
  const response = await fetch(`${base}${path}`);
  const tile = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
  const layer = tile.layers.parcels;
  const feature = Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i)).find(
    (candidate) => candidate?.id === parcelId,
  );
  return {
    cache: response.headers.get('x-tile-cache'),
    vertices: feature
      ?.loadGeometry()
      .flat()
      .map((p) => `${p.x},${p.y}`)
      .sort(),
  };
}

describe('an edit saved through the API is in the tiles at once', () => {
  it('serves the new boundary from the z18 tile in the reply right after the PATCH', async () => {
    const sheet = await sampleSheet(fx.pool, 4);
    const [a, b] = await neighbourPair(fx.pool, sheet, 1);
    const { x, y } = await fx.one<{ x: number; y: number }>(
      `SELECT floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 18))::int AS x,
              floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 18))::int AS y
       FROM (SELECT ST_PointOnSurface(geom_3857) AS c FROM cadastre.current_parcel WHERE parcel_id = $1) p`,
      [a.parcelId],
    );
    const path = `/tiles/parcels/18/${x}/${y}.mvt`;
    const before = await parcelVertices(path, a.parcelId);
    expect(before.vertices?.length).toBeGreaterThan(3);
    // Cached once no other test file's edit arrives while it renders (they run in parallel).
    const deadline = Date.now() + 10_000;
    while ((await parcelVertices(path, a.parcelId)).cache !== 'hit-memory') {
      expect(Date.now()).toBeLessThan(deadline);
    }

    const reply = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${a.parcelId}`,
      {
        geometry: polygon(pushSharedEdge(a, b, -1)),
        crs: a.srid,
        snap: false,
        reason: 'fence moved back 1 m',
      },
      { 'If-Match': `"v${a.versionNo}"` },
    );
    expect(reply.status).toBe(200);
    const after = await parcelVertices(path, a.parcelId);
    expect(after.cache).toBe('miss');
    expect(after.vertices).not.toEqual(before.vertices);
    const { rows } = await fx.pool.query(
      `SELECT ST_X(d.geom)::int AS x, ST_Y(d.geom)::int AS y
       FROM cadastre.current_parcel p,
            LATERAL ST_DumpPoints(ST_AsMVTGeom(p.geom_3857, ST_TileEnvelope(18, $2, $3), 4096, 64, true)) AS d
       WHERE p.parcel_id = $1`,
      [a.parcelId, x, y],
    );
    expect(after.vertices).toEqual(rows.map((p) => `${p.x},${p.y}`).sort());
  });
});
