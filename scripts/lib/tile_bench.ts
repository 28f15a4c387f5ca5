import net from 'node:net';
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

/**
 * One keep-alive HTTP/1.1 connection on a raw socket, for timing single requests: the
 * request bytes are written at once and the response is framed by Content-Length (or has
 * no body: 204, 304), so the client adds a few microseconds instead of Node's http client
 * (which ran on the same thread as the server and cost about as much as the server's own
 * middleware chain). The whole body is received.
 */
class Probe {
  private socket: net.Socket | undefined;
  private waiting:
    | { resolve: (answer: ProbeAnswer) => void; reject: (error: Error) => void }
    | undefined;
  private pending: Buffer | undefined;
  private head: { status: number; cache: string; remaining: number; bytes: number } | undefined;

  constructor(private readonly base: URL) {}

  get(path: string): Promise<ProbeAnswer> {
    const socket = this.connected();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.pending = undefined;
      this.head = undefined;
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${this.base.host}\r\nAccept-Encoding: gzip\r\n\r\n`,
      );
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connected(): net.Socket {
    if (this.socket && !this.socket.destroyed) return this.socket;
    const socket = net.connect({ host: this.base.hostname, port: Number(this.base.port) });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    const lost = (error?: Error) => {
      if (this.socket === socket) this.socket = undefined;
      this.waiting?.reject(error ?? new Error('connection closed'));
      this.waiting = undefined;
    };
    socket.on('error', lost);
    socket.on('close', () => lost());
    this.socket = socket;
    return socket;
  }

  private receive(chunk: Buffer): void {
    if (!this.head) {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const text = this.pending.toString('latin1', 0, end).toLowerCase();
      const length = /\r\ncontent-length: *(\d+)/.exec(text);
      const status = Number(text.slice(9, 12));
      if (!length && status !== 204 && status !== 304) {
        this.waiting?.reject(new Error(`unframed response (${status}) to the probe`));
        this.close();
        return;
      }
      this.head = {
        status,
        cache: /\r\nx-tile-cache: *([^\r]*)/.exec(text)?.[1] ?? '',
        remaining: length ? Number(length[1]) : 0,
        bytes: 0,
      };
      chunk = this.pending.subarray(end + 4);
    }
    this.head.remaining -= chunk.length;
    this.head.bytes += chunk.length;
    if (this.head.remaining > 0) return;
    const { status, cache, bytes } = this.head;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ status, cache, bytes });
  }
}

interface ProbeAnswer {
  status: number;
  cache: string;
  bytes: number;
}

const probes = new Map<string, Probe>();

/**
 * Milliseconds of one HTTP request for the tile (gzip accepted, like a browser), the cache
 * verdict and the bytes received, on a kept-alive connection; the body is not decompressed.
 */
export async function timeHttp(
  base: string,
  tile: BenchTile,
): Promise<{ ms: number; cache: string; bytes: number }> {
  let probe = probes.get(base);
  if (!probe) {
    probe = new Probe(new URL(base));
    probes.set(base, probe);
  }
  const started = performance.now();
  const answer = await probe.get(`/tiles/${tile.layer.id}/${tile.z}/${tile.x}/${tile.y}.mvt`);
  const ms = performance.now() - started;
  if (answer.status >= 400)
    throw new Error(`tile ${tile.z}/${tile.x}/${tile.y}: HTTP ${answer.status}`);
  return { ms, cache: answer.cache, bytes: answer.bytes };
}

/** Closes the connections timeHttp kept open. */
export function closeProbes(): void {
  for (const probe of probes.values()) probe.close();
  probes.clear();
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
