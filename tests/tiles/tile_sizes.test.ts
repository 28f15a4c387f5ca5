import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { tileLayers } from '../../tiles/layers';

const limit = 500 * 1024;
let pool: pg.Pool;
let server: Server;
let base: string;

beforeAll(async () => {
  const { config } = loadConfig({ DIAGIS_LOG_LEVEL: 'silent' });
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
  server = createServer(createApp({ config, pool, logger: createLogger('silent') }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await pool.end();
});

/** The `count` tiles of zoom z holding the most parcel vertices: where tiles are largest. */
async function densestTiles(z: number, count: number): Promise<{ x: number; y: number }[]> {
  const { rows } = await pool.query(
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
          const response = await fetch(`${base}/tiles/${layer.id}/${z}/${x}/${y}.mvt`, {
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
