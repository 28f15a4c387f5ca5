import http from 'node:http';
import type pg from 'pg';
import { findLayer, type TileLayer, tileLayers } from '../../tiles/layers';
import { tileParameters } from '../../tiles/tile_renderer';
import { loadLoop } from './load_loop';

/** One tile of the benchmark set. */
export interface BenchTile {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
}

/** Zooms of the seeded tile set. */
export const benchZooms = [12, 13, 14, 15, 16, 17, 18];
/** Zooms whose largest tiles are reported: the overview starts at 11. */
export const sizeZooms = [11, ...benchZooms];

/** The layer a map shows at zoom z: the overview below the parcels' minzoom, parcels above. */
const mainLayer = (z: number): TileLayer => {
  const parcels = findLayer('parcels');
  const landuse = findLayer('landuse');
  if (!parcels || !landuse) throw new Error('parcels and landuse layers must exist');
  return z >= parcels.minzoom ? parcels : landuse;
};

const tileOf = (column: string, z: number) =>
  `floor(${column === 'x' ? '(ST_X(c) + 20037508.342789244)' : '(20037508.342789244 - ST_Y(c))'} / (40075016.68557849 / 2 ^ ${z}))::int`;

/**
 * A fixed set of tiles: for each zoom, the tiles holding `perZoom` parcels drawn with a
 * seeded sample (TABLESAMPLE ... REPEATABLE), so the set lies where the data is and is
 * the same on every run over the same data.
 */
export async function seededTiles(
  pool: pg.Pool,
  perZoom: number,
  seed: number,
): Promise<BenchTile[]> {
  const tiles: BenchTile[] = [];
  for (const z of benchZooms) {
    const { rows } = await pool.query<{ x: number; y: number }>(
      `SELECT x, y FROM (
         SELECT DISTINCT ${tileOf('x', z)} AS x, ${tileOf('y', z)} AS y
         FROM (SELECT ST_PointOnSurface(geom_3857) AS c FROM cadastre.parcel_version
               TABLESAMPLE BERNOULLI (2) REPEATABLE ($1)
               WHERE status = 'committed' AND upper_inf(valid)) AS s) AS t
       ORDER BY md5(x || '/' || y || '/' || $1) LIMIT $2`,
      [seed, perZoom],
    );
    for (const row of rows) tiles.push({ layer: mainLayer(z), z, x: row.x, y: row.y });
  }
  return tiles;
}

/** The `count` tiles of each zoom holding the most parcel vertices, for every layer served there. */
export async function densestTiles(pool: pg.Pool, count: number): Promise<BenchTile[]> {
  const tiles: BenchTile[] = [];
  for (const z of sizeZooms) {
    const { rows } = await pool.query<{ x: number; y: number }>(
      `SELECT ${tileOf('x', z)} AS x, ${tileOf('y', z)} AS y
       FROM (SELECT ST_Centroid(geom_3857) AS c, ST_NPoints(geom_3857) AS n FROM cadastre.current_parcel) AS p
       GROUP BY 1, 2 ORDER BY sum(n) DESC LIMIT $1`,
      [count],
    );
    for (const layer of tileLayers.filter((l) => z >= l.minzoom && z <= l.maxzoom)) {
      for (const row of rows) tiles.push({ layer, z, x: row.x, y: row.y });
    }
  }
  return tiles;
}

/** Milliseconds of one direct run of the tile's public SQL (a named statement), and the tile's size. */
export async function timeSql(
  pool: pg.Pool,
  tile: BenchTile,
): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  // Prepared, as the server prepares it, so the ratio shows the server's own overhead.
  const { rows } = await pool.query({
    name: `bench-${tile.layer.id}`,
    text: tile.layer.public.sql,
    values: tileParameters(tile.z, tile.x, tile.y),
    rowMode: 'array',
  });
  const ms = performance.now() - started;
  return { ms, bytes: (rows[0]?.[0] as Buffer | null)?.length ?? 0 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Milliseconds of one HTTP request for the tile (gzip accepted, like a browser), the cache
 * verdict and the bytes received. Uses a keep-alive agent and does not decompress, so the
 * client adds as little as it can to the server's time.
 */
export function timeHttp(
  base: string,
  tile: BenchTile,
): Promise<{ ms: number; cache: string; bytes: number }> {
  const url = new URL(`${base}/tiles/${tile.layer.id}/${tile.z}/${tile.x}/${tile.y}.mvt`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () =>
        resolve({
          ms: performance.now() - started,
          cache: String(response.headers['x-tile-cache'] ?? ''),
          bytes,
        }),
      );
    });
    request.on('error', reject);
  });
}

/** Tiles per second served from the cache with `connections` concurrent keep-alive connections. */
export function cachedThroughput(
  base: string,
  tiles: BenchTile[],
  connections: number,
  seconds: number,
) {
  const paths = tiles.map((t) => `/tiles/${t.layer.id}/${t.z}/${t.x}/${t.y}.mvt`);
  return loadLoop(base, paths, connections, seconds);
}

/** The p-th percentile (0-100) of `values`, by nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
    Number.NaN
  );
}
