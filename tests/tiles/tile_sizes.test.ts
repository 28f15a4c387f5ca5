import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileLayers } from '../../tiles/layers';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const limit = 500 * 1024;
let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx.close());

/** The `count` tiles of zoom z holding the most parcel vertices: where tiles are largest. */
async function densestTiles(z: number, count: number): Promise<{ x: number; y: number }[]> {
  const { rows } = await fx.pool.query(
    `SELECT floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ $1))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ $1))::int AS y
     FROM (SELECT ST_Centroid(geom_3857) AS c, ST_NPoints(geom_3857) AS n FROM cadastre.current_parcel) AS p
     GROUP BY 1, 2 ORDER BY sum(n) DESC LIMIT $2`,
    [z, count],
  );
  return rows;
}

describe('tile size', () => {
  it('keeps the densest tiles of every layer under 500 KB (uncompressed) at every zoom from 10 to 18', async () => {
    const largest: Record<string, number> = {};
    for (let z = 10; z <= 18; z++) {
      const tiles = await densestTiles(z, 3);
      for (const layer of tileLayers.filter((l) => z >= l.minzoom && z <= l.maxzoom)) {
        for (const { x, y } of tiles) {
          const response = await fetch(`${fx.base}/tiles/${layer.id}/${z}/${x}/${y}.mvt`, {
            headers: { 'Accept-Encoding': 'identity' },
          });
          const size = (await response.arrayBuffer()).byteLength;
          const name = `${layer.id} z${z}`;
          largest[name] = Math.max(largest[name] ?? 0, size);
        }
      }
    }
    expect(largest['parcels z15']).toBeGreaterThan(10_000);
    expect(largest['landuse z12']).toBeGreaterThan(1_000);
    for (const [name, size] of Object.entries(largest)) expect(size, name).toBeLessThan(limit);
  });
});
