import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { affineFromArray, invertAffine } from '../../core/geo/affine';
import { loadZoneDefinitions, type ZoneTransform, zoneTransform } from '../../core/geo/zone_crs';
import { scanAbsolutePath } from '../../core/storage/scan_store_paths';
import { type PyramidLevel, readPyramid, type ScanSheetSource } from './scan_sheet_source';
import type { ScanTileFormat } from './scan_tile_address';
import { ScanTileCache } from './scan_tile_cache';
import { renderScanTile } from './scan_tile_renderer';

export interface ScanTileServiceOptions {
  pool: pg.Pool;
  /** Folder of the normalised sheets (the scan store). */
  storeDir: string;
  /** Memory bound of the tile cache, bytes. */
  cacheBytes: number;
}

/** A served scan tile: the image, or null for "nothing here" (204), and where it came from. */
export interface ScanTile {
  body: Buffer | null;
  /** Strong validator: the sheet's file hash and the tile address. */
  etag: string;
  source: 'memory' | 'rendered';
}

// One sheet as the renderer needs it; read on every request (a primary-key lookup), so a
// sheet replaced or removed by any server process is seen at once.
const sheetSql = `
  SELECT id, file_path, file_sha256, width, height, transform, zone_srid,
         ST_XMin(footprint_3857) AS minx, ST_YMin(footprint_3857) AS miny,
         ST_XMax(footprint_3857) AS maxx, ST_YMax(footprint_3857) AS maxy
  FROM cadastre.scanned_sheet WHERE id = $1 AND status = 'ready'`;

/**
 * Raster tiles of scanned sheets with a memory cache. Tiles are keyed by the sheet's file
 * hash, so a replaced sheet is never served stale; `invalidate` frees a sheet's tiles when
 * this process replaces or removes it.
 */
export class ScanTileService {
  readonly cache: ScanTileCache;
  private zones: Promise<Map<number, ZoneTransform>> | undefined;
  private readonly pyramids = new LRUCache<string, Promise<PyramidLevel[]>>({ max: 1000 });
  private readonly inflight = new Map<string, Promise<Buffer | null>>();

  constructor(private readonly options: ScanTileServiceOptions) {
    this.cache = new ScanTileCache(options.cacheBytes);
  }

  /** Tile z/x/y of sheet `id`, or undefined when there is no such sheet. */
  async tile(
    id: number,
    z: number,
    x: number,
    y: number,
    format: ScanTileFormat,
  ): Promise<ScanTile | undefined> {
    const { rows } = await this.options.pool.query(sheetSql, [id]);
    const row = rows[0];
    if (!row) return undefined;
    const sha256: string = row.file_sha256;
    const key = ScanTileCache.key(id, sha256, z, x, y, format);
    const etag = `"${sha256.slice(0, 16)}-${z}-${x}-${y}-${format}"`;
    const cached = this.cache.get(key);
    if (cached) return { body: cached.length === 0 ? null : cached, etag, source: 'memory' };
    let running = this.inflight.get(key);
    if (!running) {
      running = this.render(row, z, x, y, format);
      this.inflight.set(key, running);
      running.finally(() => this.inflight.delete(key)).catch(() => {});
    }
    const body = await running;
    this.cache.set(key, body ?? Buffer.alloc(0));
    return { body, etag, source: 'rendered' };
  }

  /** Drops the cached tiles of sheet `id` (after it was replaced or removed). */
  invalidate(id: number): number {
    return this.cache.invalidateSheet(id);
  }

  private async render(
    row: Record<string, unknown>,
    z: number,
    x: number,
    y: number,
    format: ScanTileFormat,
  ): Promise<Buffer | null> {
    const zone = (await this.zoneTransforms()).get(Number(row.zone_srid));
    if (!zone) throw new Error(`scanned sheet ${row.id}: zone ${row.zone_srid} has no definition`);
    const path = scanAbsolutePath(this.options.storeDir, String(row.file_path));
    const sha256 = String(row.file_sha256);
    let levels = this.pyramids.get(sha256);
    if (!levels) {
      levels = readPyramid(path);
      this.pyramids.set(sha256, levels);
      levels.catch(() => this.pyramids.delete(sha256));
    }
    const sheet: ScanSheetSource = {
      id: Number(row.id),
      sha256,
      path,
      width: Number(row.width),
      height: Number(row.height),
      toPixel: invertAffine(affineFromArray(row.transform as number[])),
      zone,
      bbox3857: [Number(row.minx), Number(row.miny), Number(row.maxx), Number(row.maxy)],
      levels: await levels,
    };
    return renderScanTile(sheet, z, x, y, format);
  }

  private zoneTransforms(): Promise<Map<number, ZoneTransform>> {
    this.zones ??= loadZoneDefinitions(this.options.pool).then(
      (definitions) => new Map([...definitions].map(([srid, zone]) => [srid, zoneTransform(zone)])),
    );
    this.zones.catch(() => {
      this.zones = undefined;
    });
    return this.zones;
  }
}
