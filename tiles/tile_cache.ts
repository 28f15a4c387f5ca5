import { LRUCache } from 'lru-cache';
import type { DiskTileStore } from './disk_tile_store';
import { tileBuffer, tileExtent } from './layers';
import { audiences, bucketText, keyText, type TileKey } from './tile_key';
import {
  type Bbox3857,
  maxZoom,
  rangeContains,
  rangeSize,
  type TileRange,
  tileRange,
} from './tile_math';

/** A rendered tile as the cache keeps it. */
export interface CachedTile {
  /** The MVT, gzip-compressed; empty for an empty tile. */
  gzip: Buffer;
  /** Strong validator of the uncompressed tile bytes, quoted. */
  etag: string;
  /** Size of the uncompressed tile. */
  bytes: number;
}

/** Bytes an entry costs beyond its body (key, object, index), for the memory bound. */
const entryOverhead = 160;

/** The tile ranges of `bbox` at every zoom 0..22, widened by the tiles' buffer. */
export function invalidationRanges(bbox: Bbox3857): TileRange[] {
  const ranges: TileRange[] = [];
  for (let z = 0; z <= maxZoom; z++) ranges.push(tileRange(bbox, z, tileBuffer / tileExtent));
  return ranges;
}

/**
 * Tiles in memory, bounded by bytes (least recently used go first), over an optional disk
 * layer. Keys are indexed by audience/layer/zoom so `invalidate` visits only the tiles a
 * box touches: per zoom it walks the box's tile range or that zoom's cached keys,
 * whichever is smaller; it never scans the whole cache. `epoch` grows with every
 * invalidation, so a caller can tell whether a tile it rendered may already be stale.
 */
export class TileCache {
  private readonly memory: LRUCache<string, CachedTile>;
  private readonly buckets = new Map<string, Map<string, TileKey>>();
  private generation = 0;

  constructor(
    maxBytes: number,
    readonly disk?: DiskTileStore,
  ) {
    this.memory = new LRUCache<string, CachedTile>({
      maxSize: maxBytes,
      sizeCalculation: (tile) => tile.gzip.length + entryOverhead,
      dispose: (_tile, text, reason) => {
        if (reason !== 'set') this.unindex(text);
      },
    });
  }

  /** Grows whenever cached tiles may have become stale. */
  get epoch(): number {
    return this.generation;
  }

  /** Entries and bytes held in memory. */
  get stats(): { entries: number; bytes: number } {
    return { entries: this.memory.size, bytes: this.memory.calculatedSize };
  }

  /** The tile from memory, or undefined. */
  get(key: TileKey): CachedTile | undefined {
    return this.memory.get(keyText(key));
  }

  /** Keeps `tile` in memory (and on disk when there is a disk layer). */
  async set(key: TileKey, tile: CachedTile): Promise<void> {
    const text = keyText(key);
    this.memory.set(text, tile);
    if (this.memory.has(text)) this.index(text, key);
    await this.disk?.write(key, tile.gzip);
  }

  /** Puts a tile read from disk into memory without writing it back. */
  remember(key: TileKey, tile: CachedTile): void {
    const text = keyText(key);
    this.memory.set(text, tile);
    if (this.memory.has(text)) this.index(text, key);
  }

  /**
   * Drops every cached tile of `layers` (both audiences) that `bbox` (EPSG:3857) touches,
   * at every zoom. Memory is cleared before this returns; the disk layer hides the
   * affected files at once and deletes them in the background (awaited by the promise).
   */
  invalidate(
    bbox: Bbox3857,
    layers: readonly string[],
  ): { dropped: number; disk: Promise<number> } {
    this.generation++;
    const ranges = invalidationRanges(bbox);
    let dropped = 0;
    for (const audience of audiences) {
      for (const layer of layers) {
        for (const range of ranges)
          dropped += this.dropRange(bucketText(audience, layer, range.z), range);
      }
    }
    const disk = this.disk ? this.disk.removeRanges(layers, ranges) : Promise.resolve(0);
    return { dropped, disk };
  }

  /** Bumps the epoch: tiles rendered before now are not to be cached (changes may be missed). */
  markUncertain(): void {
    this.generation++;
  }

  /** Forgets everything in memory (the disk layer is left alone). */
  clearMemory(): void {
    this.generation++;
    this.memory.clear();
    this.buckets.clear();
  }

  private dropRange(bucketName: string, range: TileRange): number {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return 0;
    const doomed: string[] = [];
    if (rangeSize(range) <= bucket.size) {
      for (let x = range.minX; x <= range.maxX; x++) {
        for (let y = range.minY; y <= range.maxY; y++) {
          const text = `${bucketName}/${x}/${y}`;
          if (bucket.has(text)) doomed.push(text);
        }
      }
    } else {
      for (const [text, key] of bucket) if (rangeContains(range, key.x, key.y)) doomed.push(text);
    }
    for (const text of doomed) this.memory.delete(text);
    return doomed.length;
  }

  private index(text: string, key: TileKey): void {
    const name = bucketText(key.audience, key.layer, key.z);
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(name, bucket);
    }
    bucket.set(text, key);
  }

  private unindex(text: string): void {
    const name = text.slice(0, text.lastIndexOf('/', text.lastIndexOf('/') - 1));
    const bucket = this.buckets.get(name);
    bucket?.delete(text);
    if (bucket?.size === 0) this.buckets.delete(name);
  }
}
