import type pg from 'pg';
import { ChangeFeed, type FeedLogger } from './change_feed';
import { DiskTileStore } from './disk_tile_store';
import { refreshDirtyOverview, refreshDirtyOverviewInBackground } from './landuse_overview';
import { type Audience, type TileLayer, variantFor } from './layers';
import { ReplicaLag } from './replica_lag';
import { loadSyncState, saveSyncState } from './sync_state';
import { type CachedTile, TileCache } from './tile_cache';
import { openTileDatabase, type TileDatabase } from './tile_database';
import { encodeTile, readStoredTile } from './tile_encoding';
import type { TileKey } from './tile_key';
import type { Bbox3857 } from './tile_math';
import { renderTile } from './tile_renderer';

/** What a TileService needs: the pool, the cache bounds and where to log. */
export interface TileServiceOptions {
  pool: pg.Pool;
  /** The server's pool of anonymous reads (sessions as `diagis_public`); one is opened beside `pool` when absent and closed with the service. */
  publicPool?: pg.Pool | undefined;
  /** Memory bound of the cache in bytes. */
  cacheBytes: number;
  /** Folder of the disk cache layer; none when undefined. */
  cacheDir?: string | undefined;
  logger: FeedLogger;
  /** How long the first tile request waits for the change feed before rendering uncached. */
  feedWaitMs?: number;
  /** application_name of the change feed's connection (default diagis-tiles-feed). */
  feedName?: string;
  /**
   * `publicPool` reads a streaming replica (DATABASE_REPLICA_URL): public renders wait for
   * the replica to replay the last change before they may be cached (see ReplicaLag).
   */
  publicReplica?: boolean;
}

/** A tile ready to send, and where it came from. */
export interface ServedTile {
  tile: CachedTile;
  source: 'memory' | 'disk' | 'rendered';
}

/**
 * Renders tiles, caches them and keeps the cache exact: a dedicated client LISTENs for
 * changes (any process's edits), `invalidate` and `catchUp` serve the in-process edit path,
 * and a tile rendered while an invalidation happened is served but not cached. Tiles are
 * cached only while the change feed is in step. The feed starts with the first tile
 * request and stops when the pool ends or `close` is called.
 */
export class TileService {
  readonly cache: TileCache;
  private feed: ChangeFeed | undefined;
  private starting: Promise<void> | undefined;
  private readonly inflight = new Map<string, { epoch: number; tile: Promise<ServedTile> }>();
  private watchdog: NodeJS.Timeout | undefined;
  private overviewTimer: NodeJS.Timeout | undefined;
  private readonly db: TileDatabase;
  private readonly replicaLag: ReplicaLag | undefined;

  constructor(private readonly options: TileServiceOptions) {
    const disk = options.cacheDir ? new DiskTileStore(options.cacheDir) : undefined;
    this.cache = new TileCache(options.cacheBytes, disk);
    this.db = openTileDatabase(options.pool, options.publicPool);
    this.replicaLag =
      options.publicReplica && options.publicPool
        ? new ReplicaLag(options.pool, options.publicPool)
        : undefined;
  }

  /** The tile of `layer` at z/x/y for `audience`, from cache when possible. */
  async tile(
    layer: TileLayer,
    audience: Audience,
    z: number,
    x: number,
    y: number,
  ): Promise<ServedTile> {
    const key: TileKey = {
      audience: variantFor(layer, audience).audience,
      layer: layer.id,
      z,
      x,
      y,
    };
    const cached = this.cache.get(key);
    if (cached) return { tile: cached, source: 'memory' };
    await this.start();
    const name = `${key.audience}/${key.layer}/${z}/${x}/${y}`;
    // Join a render already under way unless an invalidation happened since it began.
    const running = this.inflight.get(name);
    if (running && running.epoch === this.cache.epoch) return running.tile;
    const entry = { epoch: this.cache.epoch, tile: this.load(layer, key) };
    this.inflight.set(name, entry);
    entry.tile
      .finally(() => {
        if (this.inflight.get(name) === entry) this.inflight.delete(name);
      })
      .catch(() => {});
    return entry.tile;
  }

  /**
   * Drops the cached tiles of `layers` that the EPSG:3857 box touches, at every zoom, before
   * returning. For the edit path, right after its transaction commits.
   */
  invalidate(bbox: Bbox3857, layers: readonly string[]): number {
    this.replicaLag?.noteChange();
    const { dropped, disk } = this.cache.invalidate(bbox, layers);
    disk.catch((error: Error) =>
      this.options.logger.warn(
        { err: { message: error.message } },
        'disk tile invalidation failed',
      ),
    );
    return dropped;
  }

  /** Applies every change committed so far (reads the change log): exact, no box needed. */
  async catchUp(): Promise<void> {
    await this.start();
    await this.feed?.syncNow(this.options.pool);
  }

  /** Stops the change feed and closes the public pool it opened (not one it was given). */
  async close(): Promise<void> {
    clearInterval(this.watchdog);
    clearTimeout(this.overviewTimer);
    await this.feed?.close();
    if (!this.options.publicPool && !this.db.publicPool.ending) await this.db.publicPool.end();
  }

  private async load(layer: TileLayer, key: TileKey): Promise<ServedTile> {
    const epoch = this.cache.epoch;
    // Disk files are trusted only once the feed has replayed what changed while it was away.
    const disk = this.cache.disk && this.feed?.inStep ? await this.cache.disk.read(key) : undefined;
    if (disk) {
      const tile = readStoredTile(disk);
      if (this.cacheable(epoch)) this.cache.remember(key, tile);
      return { tile, source: 'disk' };
    }
    const replayed = await this.replicaReady(layer, key);
    const bytes = await renderTile(this.db, layer, key.audience, key.z, key.x, key.y);
    const tile = await encodeTile(bytes);
    if (replayed && this.cacheable(epoch)) await this.cache.set(key, tile);
    return { tile, source: 'rendered' };
  }

  /**
   * For a public tile read from a replica: true once the replica has replayed every change
   * noted so far, overview rebuilds on the primary included (done here first, so the render
   * finds them on the replica). False means serve the render but do not cache it.
   */
  private async replicaReady(layer: TileLayer, key: TileKey): Promise<boolean> {
    if (!this.replicaLag || key.audience !== 'public') return true;
    if (
      layer.needsOverviewRefresh &&
      (await refreshDirtyOverview(this.db.pool, key.z, key.x, key.y))
    ) {
      this.replicaLag.noteChange();
    }
    return this.replicaLag.caughtUp();
  }

  /** Rebuilds dirty overview communes a second after the last change announced one. */
  private refreshOverviewSoon(): void {
    clearTimeout(this.overviewTimer);
    this.overviewTimer = setTimeout(() => {
      if (this.options.pool.ending) return;
      refreshDirtyOverviewInBackground(this.options.pool).catch((error: Error) =>
        this.options.logger.warn(
          { err: { message: error.message } },
          'background overview refresh failed',
        ),
      );
    }, 1_000);
    this.overviewTimer.unref();
  }

  private cacheable(epochAtStart: number): boolean {
    return this.feed?.inStep === true && this.cache.epoch === epochAtStart;
  }

  private start(): Promise<void> {
    this.starting ??= this.startFeed();
    return this.starting;
  }

  private async startFeed(): Promise<void> {
    const { pool, logger, cacheDir } = this.options;
    const since = cacheDir ? await loadSyncState(cacheDir, this.cache.disk) : undefined;
    this.feed = new ChangeFeed({
      connection: pool.options,
      applicationName: this.options.feedName,
      since,
      logger,
      onChange: (change) => {
        this.invalidate(change.bbox, change.layers);
        if (change.layers.includes('landuse')) this.refreshOverviewSoon();
      },
      onLost: () => this.cache.markUncertain(),
      onSnapshot: (snapshot) => {
        if (cacheDir) saveSyncState(cacheDir, snapshot).catch(() => {});
      },
    });
    this.watchdog = setInterval(() => {
      if (pool.ending) void this.close();
    }, 1_000);
    this.watchdog.unref();
    await this.feed.ready(this.options.feedWaitMs ?? 3_000);
  }
}
