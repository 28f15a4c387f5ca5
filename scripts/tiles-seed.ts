// Renders a range of tiles into the disk tile cache, so first visitors find them ready:
//   npm run tiles:seed -- --layer parcels --bbox 105.95,9.58,105.99,9.62 --zooms 15-17
// The cache folder is --cache-dir or DIAGIS_TILE_CACHE_DIR. Edits committed while seeding are
// replayed from tiles.change_log at the end, so no seeded tile is stale.
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { loadConfig, redactUrl } from '../server/config';
import { changesSince } from '../tiles/change_log';
import { DiskTileStore } from '../tiles/disk_tile_store';
import { type Audience, findLayer, layerIds } from '../tiles/layers';
import { loadSyncState, saveSyncState } from '../tiles/sync_state';
import { invalidationRanges } from '../tiles/tile_cache';
import { openTileDatabase } from '../tiles/tile_database';
import { encodeTile } from '../tiles/tile_encoding';
import { fromLonLat, type TileRange, tileRange } from '../tiles/tile_math';
import { renderTile } from '../tiles/tile_renderer';
import { cliDatabaseUrl } from './lib/cli_database_url';

function lonLatBox(text: string): [number, number, number, number] {
  const parts = text.split(',').map(Number);
  const [w, s, e, n] = parts;
  if (
    parts.length !== 4 ||
    parts.some((v) => !Number.isFinite(v)) ||
    w === undefined ||
    s === undefined ||
    e === undefined ||
    n === undefined ||
    w >= e ||
    s >= n ||
    s < -85 ||
    n > 85
  ) {
    throw new InvalidArgumentError('expected minlon,minlat,maxlon,maxlat with min < max');
  }
  return [...fromLonLat(w, s), ...fromLonLat(e, n)];
}

function zoomSpan(text: string): [number, number] {
  const match = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(text);
  const low = Number(match?.[1]);
  const high = Number(match?.[2] ?? match?.[1]);
  if (!match || low > high || high > 22)
    throw new InvalidArgumentError('expected Z or ZMIN-ZMAX within 0-22');
  return [low, high];
}

const program = new Command()
  .name('tiles-seed')
  .description('Render a range of vector tiles into the disk tile cache')
  .requiredOption('--layer <id>', `layer: ${layerIds.join(', ')}`)
  .requiredOption('--bbox <box>', 'minlon,minlat,maxlon,maxlat (WGS84)', lonLatBox)
  .requiredOption('--zooms <span>', 'zoom or range, e.g. 15-17', zoomSpan)
  .option('--audience <who>', 'public or staff', 'public')
  .option(
    '--cache-dir <dir>',
    'disk cache folder (env DIAGIS_TILE_CACHE_DIR)',
    process.env.DIAGIS_TILE_CACHE_DIR,
  )
  .option('--concurrency <n>', 'tiles rendered at once', Number, 4)
  .parse();
const options = program.opts<{
  layer: string;
  bbox: [number, number, number, number];
  zooms: [number, number];
  audience: string;
  cacheDir?: string;
  concurrency: number;
}>();

function fail(message: string): never {
  console.error(`tiles-seed: ${message}`);
  process.exit(2);
}

const layer = findLayer(options.layer);
if (!layer) fail(`--layer: no layer named ${options.layer}; use one of ${layerIds.join(', ')}`);
if (options.audience !== 'public' && options.audience !== 'staff')
  fail('--audience: must be public or staff');
if (!options.cacheDir) fail('a cache folder is required: --cache-dir or DIAGIS_TILE_CACHE_DIR');
const [minZoom, maxZoom] = options.zooms;
if (minZoom < layer.minzoom || maxZoom > layer.maxzoom) {
  fail(`--zooms: must be within ${layer.minzoom}-${layer.maxzoom} for ${layer.id}`);
}
const cacheDir = options.cacheDir;
const audience = (layer.staff ? options.audience : 'public') as Audience;
const disk = new DiskTileStore(cacheDir);
const ranges: TileRange[] = [];
for (let z = minZoom; z <= maxZoom; z++) ranges.push(tileRange(options.bbox, z, 0));
const total = ranges.reduce((sum, r) => sum + (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1), 0);

/** Drops the files of every change committed after `since`; returns the snapshot now. */
async function replay(pool: pg.Pool, since: string | undefined): Promise<string> {
  const { snapshot, changes } = await changesSince(pool, since);
  for (const change of changes)
    await disk.removeRanges(change.layers, invalidationRanges(change.bbox));
  await saveSyncState(cacheDir, snapshot);
  return snapshot;
}

const { config } = loadConfig();
const url = await cliDatabaseUrl(undefined, config, (message) => console.log(message));
console.log(
  `Seeding ${total.toLocaleString('en')} ${layer.id} tiles (z${minZoom}-${maxZoom}, ${audience}) from ${redactUrl(url)} into ${cacheDir}`,
);
const pool = new pg.Pool({ connectionString: url, max: Math.max(2, options.concurrency) });
const db = openTileDatabase(pool);
const bar = new cliProgress.SingleBar(
  { format: '[{bar}] {value}/{total} tiles, {empty} empty | {eta_formatted} left' },
  cliProgress.Presets.shades_classic,
);
try {
  const start = await replay(pool, await loadSyncState(cacheDir, disk));
  const queue = ranges.flatMap((r) => {
    const tiles: [number, number, number][] = [];
    for (let x = r.minX; x <= r.maxX; x++)
      for (let y = r.minY; y <= r.maxY; y++) tiles.push([r.z, x, y]);
    return tiles;
  });
  let done = 0;
  let empty = 0;
  bar.start(total, 0, { empty });
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [z, x, y] = next;
      const tile = await encodeTile(await renderTile(db, layer, audience, z, x, y));
      await disk.write({ audience, layer: layer.id, z, x, y }, tile.gzip);
      if (tile.bytes === 0) empty++;
      bar.update(++done, { empty });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  bar.stop();
  await replay(pool, start);
  console.log(`Done: ${done} tiles (${empty} empty) in ${cacheDir}`);
} catch (error) {
  bar.stop();
  console.error(`tiles-seed failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.publicPool.end();
  await pool.end();
}
