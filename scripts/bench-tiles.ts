// Vector-tile benchmark on a 1,000,000-parcel province:  npm run bench:tiles
// Uses BENCH_DATABASE_URL, or creates and loads `diagis_bench` in the embedded cluster.
// Prints a table and writes the results into docs/benchmarks.md.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import pg from 'pg';
import { createApp } from '../server/app';
import { loadConfig, redactUrl } from '../server/config';
import { createPool } from '../server/db/pool';
import { createLogger } from '../server/logger';
import { refreshWholeOverview } from '../tiles/landuse_overview';
import { type BenchResults, benchReport, writeBenchReport } from './lib/bench_report';
import { ensureDatabase, ensurePrivateCluster } from './lib/database_bootstrap';
import { loadLoop } from './lib/load_loop';
import { prepareDatabase } from './lib/prepare_database';
import {
  benchZooms,
  cachedThroughput,
  closeProbes,
  densestTiles,
  percentile,
  seededTiles,
  timeHttp,
  timeSql,
} from './lib/tile_bench';

const program = new Command()
  .name('bench-tiles')
  .description(
    'Benchmark vector tiles: uncached latency vs direct SQL, cached throughput, largest tiles',
  )
  .option('--parcels <n>', 'parcels to load when the bench database is created', Number, 1_000_000)
  .option('--per-zoom <n>', 'seeded tiles per zoom', Number, 40)
  .option('--seed <n>', 'sample seed', Number, 94)
  .option('--seconds <n>', 'duration of the cached-throughput run', Number, 10)
  .option('--no-write', 'do not update docs/benchmarks.md')
  .parse();
const options = program.opts<{
  parcels: number;
  perZoom: number;
  seed: number;
  seconds: number;
  write: boolean;
}>();
const say = (message: string) => console.log(`[bench] ${message}`);

async function benchDatabase(): Promise<string> {
  const { config } = loadConfig();
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const cluster = await ensurePrivateCluster(config, say);
  await ensureDatabase(cluster.adminUrl, 'diagis_bench');
  const url = cluster.urlFor('diagis_bench');
  await prepareDatabase(
    url,
    { ...config, demo: { ...config.demo, enabled: true, parcels: options.parcels } },
    say,
  );
  return url;
}

/** Makes the overview complete and clean so no measured request pays for a refresh. */
async function freshOverview(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM tiles.landuse_overview');
  if (rows[0].n === 0) {
    say('building the land-use overview (first run on this database)...');
    const client = await pool.connect();
    try {
      await refreshWholeOverview(client);
    } finally {
      client.release();
    }
  }
  await pool.query(
    'SELECT tiles.refresh_dirty_landuse(ST_MakeEnvelope(-2e7, -2e7, 2e7, 2e7, 3857))',
  );
}

/** Milliseconds of the first items page (the one that counts the collection), once warmed. */
async function timeFirstPage(base: string, path: string): Promise<number> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`);
    const page = (await response.json()) as { numberMatched?: number };
    if (response.status !== 200 || page.numberMatched === undefined)
      throw new Error(`first items page: HTTP ${response.status} without numberMatched`);
    return performance.now() - started;
  };
  await once();
  return once();
}

async function main(): Promise<void> {
  const url = await benchDatabase();
  say(`database ${redactUrl(url)}`);
  const pool = new pg.Pool({ connectionString: url, max: 12 });
  await freshOverview(pool);
  const { rows: counted } = await pool.query(
    'SELECT count(*)::int AS n FROM cadastre.current_parcel',
  );
  // One address sends all the load: the anonymous rate limit gets its largest budget, so
  // it still runs on every request but never refuses one.
  const { config } = loadConfig({
    DIAGIS_LOG_LEVEL: 'silent',
    DIAGIS_TILE_CACHE_MB: '512',
    DIAGIS_PUBLIC_TILES_PER_MINUTE: '1000000',
    DIAGIS_PUBLIC_API_PER_MINUTE: '1000000',
  });
  const logger = createLogger('silent');
  const publicPool = createPool(
    { connectionString: url, size: 12, statementTimeoutMs: config.pool.statementTimeoutMs },
    logger,
    'public',
  );
  const server = createServer(createApp({ config, pool, publicPool, logger }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // The first tile request starts the change feed; keep that out of the measurements.
    await (await fetch(`${base}/tiles/admin_units/0/0/0.mvt`)).arrayBuffer();
    const tiles = await seededTiles(pool, options.perZoom, options.seed);
    say(
      `${tiles.length} seeded tiles at z${benchZooms[0]}-z${benchZooms.at(-1)}; warming PostgreSQL's buffers with direct SQL...`,
    );
    for (const tile of tiles) await timeSql(pool, tile);
    const results: BenchResults = {
      parcels: counted[0].n,
      perZoom: [],
      largest: [],
      cached: undefined,
      health: undefined,
    };
    for (const z of benchZooms) {
      const http: number[] = [];
      const sql: number[] = [];
      for (const [index, tile] of tiles.filter((t) => t.z === z).entries()) {
        // Alternate which goes first so neither always finds the buffers warmer.
        const direct = index % 2 === 0 ? await timeSql(pool, tile) : undefined;
        const served = await timeHttp(base, tile);
        const late = direct ?? (await timeSql(pool, tile));
        if (served.cache !== 'miss')
          throw new Error(`tile ${z}/${tile.x}/${tile.y} was not rendered (${served.cache})`);
        http.push(served.ms);
        sql.push(late.ms);
      }
      const layer = tiles.find((t) => t.z === z)?.layer.id ?? '';
      results.perZoom.push({ z, layer, count: http.length, http, sql });
      say(
        `z${z}: HTTP p50 ${percentile(http, 50).toFixed(1)} ms, SQL p50 ${percentile(sql, 50).toFixed(1)} ms`,
      );
    }
    say('largest tiles: rendering the densest tiles of every zoom and layer...');
    for (const tile of [...tiles, ...(await densestTiles(pool, 3))]) {
      const { bytes } = await timeSql(pool, tile);
      const known = results.largest.find((entry) => entry.z === tile.z);
      if (!known) results.largest.push({ z: tile.z, layer: tile.layer.id, bytes });
      else if (bytes > known.bytes) Object.assign(known, { layer: tile.layer.id, bytes });
    }
    say(`cached throughput: ${options.seconds} s at concurrency 32...`);
    for (const tile of tiles) await timeHttp(base, tile);
    results.cached = await cachedThroughput(base, tiles, 32, options.seconds);
    // The same load on /health: what this machine allows the whole middleware chain right now.
    results.health = await loadLoop(base, ['/health'], 32, options.seconds);
    say(`OGC items: ${options.seconds} s of limit=1000 pages following next links, 4 clients...`);
    const items = '/ogc/collections/parcels/items?limit=1000';
    const firstPage = await timeFirstPage(base, items);
    // Each client copies a quarter of the collection as GDAL or QGIS would: client 0 from
    // the first page, the others from where a chain of next links reaches a quarter,
    // a half and three quarters of the way; all follow next links from there.
    const starts = [items];
    for (const quarter of [1, 2, 3]) {
      const { rows } = await pool.query<{ id: string }>(
        'SELECT parcel_id AS id FROM cadastre.current_parcel ORDER BY parcel_id OFFSET $1 LIMIT 1',
        [Math.floor((counted[0].n * quarter) / 4) - 1],
      );
      if (rows[0]) starts.push(`${items}&after=${rows[0].id}`);
    }
    const paged = await loadLoop(base, starts, 4, options.seconds, { followNext: true });
    results.ogcItems = { ...paged, firstPageMs: firstPage };
    const report = benchReport(results);
    console.log(`\n${report.table}\n`);
    if (options.write) {
      const file = await writeBenchReport(report.markdown, pool);
      say(`results written to ${file}`);
    }
  } finally {
    closeProbes();
    await new Promise((resolve) => server.close(resolve));
    await Promise.all([pool.end(), publicPool.end()]);
  }
}

main().catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
