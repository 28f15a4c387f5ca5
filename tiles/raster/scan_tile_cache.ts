import { LRUCache } from 'lru-cache';

/** Bytes an entry costs beyond its body (key, object, index), for the memory bound. */
const entryOverhead = 160;

/**
 * Rendered scan tiles in memory, bounded by bytes (least recently used go first). An
 * empty buffer stands for "no tile here" (204). Keys carry the sheet's file hash, so a
 * replaced sheet never serves an old tile even before `invalidateSheet` runs; the
 * per-sheet index lets `invalidateSheet` free a sheet's tiles without scanning the cache.
 */
export class ScanTileCache {
  private readonly memory: LRUCache<string, Buffer>;
  private readonly bySheet = new Map<number, Set<string>>();

  constructor(maxBytes: number) {
    this.memory = new LRUCache<string, Buffer>({
      maxSize: Math.max(1, maxBytes),
      sizeCalculation: (tile, key) => tile.length + key.length + entryOverhead,
      dispose: (_tile, key, reason) => {
        if (reason !== 'set') this.unindex(key);
      },
    });
  }

  /** The cache key of one tile of one version (file hash) of a sheet. */
  static key(id: number, sha256: string, z: number, x: number, y: number, format: string): string {
    return `${id}/${sha256}/${z}/${x}/${y}.${format}`;
  }

  get(key: string): Buffer | undefined {
    return this.memory.get(key);
  }

  set(key: string, tile: Buffer): void {
    this.memory.set(key, tile);
    if (!this.memory.has(key)) return;
    const id = Number(key.slice(0, key.indexOf('/')));
    let keys = this.bySheet.get(id);
    if (!keys) {
      keys = new Set();
      this.bySheet.set(id, keys);
    }
    keys.add(key);
  }

  /** Drops every cached tile of sheet `id`; returns how many. */
  invalidateSheet(id: number): number {
    const keys = [...(this.bySheet.get(id) ?? [])];
    for (const key of keys) this.memory.delete(key);
    this.bySheet.delete(id);
    return keys.length;
  }

  get stats(): { entries: number; bytes: number } {
    return { entries: this.memory.size, bytes: this.memory.calculatedSize };
  }

  private unindex(key: string): void {
    const id = Number(key.slice(0, key.indexOf('/')));
    const keys = this.bySheet.get(id);
    keys?.delete(key);
    if (keys?.size === 0) this.bySheet.delete(id);
  }
}
