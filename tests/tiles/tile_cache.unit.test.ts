import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiskTileStore } from '../../tiles/disk_tile_store';
import { type CachedTile, TileCache } from '../../tiles/tile_cache';
import type { TileKey } from '../../tiles/tile_key';
import { tileBbox } from '../../tiles/tile_math';

const tile = (size: number): CachedTile => ({
  gzip: Buffer.alloc(size, 7),
  etag: `"e${size}"`,
  bytes: size * 3,
});
const key = (z: number, x: number, y: number, layer = 'parcels'): TileKey => ({
  audience: 'public',
  layer,
  z,
  x,
  y,
});

describe('tile cache', () => {
  it('evicts the least recently used tiles once the byte bound is reached', async () => {
    const cache = new TileCache(10_000);
    await cache.set(key(18, 1, 1), tile(3_000));
    await cache.set(key(18, 1, 2), tile(3_000));
    await cache.set(key(18, 1, 3), tile(3_000));
    expect(cache.get(key(18, 1, 1))).toBeDefined(); // now the most recently used
    await cache.set(key(18, 1, 4), tile(3_000));
    expect(cache.get(key(18, 1, 2))).toBeUndefined();
    expect(cache.get(key(18, 1, 1))).toBeDefined();
    expect(cache.get(key(18, 1, 4))).toBeDefined();
    expect(cache.stats.bytes).toBeLessThanOrEqual(10_000);
    await cache.set(key(18, 9, 9), tile(20_000)); // larger than the whole cache: refused
    expect(cache.get(key(18, 9, 9))).toBeUndefined();
  });

  it('invalidates exactly the tiles a box touches, at every zoom and for both audiences', async () => {
    const cache = new TileCache(1_000_000);
    const inside = [
      key(18, 208259, 124024),
      key(17, 104129, 62012),
      key(12, 3254, 1937),
      key(0, 0, 0),
    ];
    const staffInside: TileKey = { ...key(18, 208259, 124024), audience: 'staff' };
    const outside = [key(18, 208261, 124024), key(16, 52000, 31000)];
    const otherLayer = key(18, 208259, 124024, 'map_sheets');
    for (const k of [...inside, staffInside, ...outside, otherLayer]) await cache.set(k, tile(10));
    const [minX, minY, maxX, maxY] = tileBbox(18, 208259, 124024);
    const epoch = cache.epoch;
    const { dropped } = cache.invalidate(
      [minX + 10, minY + 10, maxX - 10, maxY - 10],
      ['parcels', 'landuse'],
    );
    expect(dropped).toBe(5);
    expect(cache.epoch).toBe(epoch + 1);
    for (const k of [...inside, staffInside]) expect(cache.get(k)).toBeUndefined();
    for (const k of [...outside, otherLayer]) expect(cache.get(k)).toBeDefined();
  });

  it('walks the cached keys instead of the tile range when the range is larger', async () => {
    const cache = new TileCache(1_000_000);
    await cache.set(key(22, 3_331_000, 1_984_000), tile(10));
    await cache.set(key(22, 100, 100), tile(10));
    // A province-sized box is millions of tiles at z22; only the one cached tile inside goes.
    const [x0, y0] = tileBbox(22, 3_300_000, 2_000_000);
    const [, , x1, y1] = tileBbox(22, 3_400_000, 1_950_000);
    // Walking the 100,000 x 50,000 tiles of the range would take hours; walking the two
    // cached keys takes microseconds. The bound leaves room for a busy shared machine.
    const started = performance.now();
    expect(cache.invalidate([x0, y0, x1, y1], ['parcels']).dropped).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(cache.get(key(22, 100, 100))).toBeDefined();
  });

  it('deletes the touched files of the disk layer and hides them while it does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diagis-tiles-'));
    try {
      const disk = new DiskTileStore(dir);
      const cache = new TileCache(1_000, disk);
      await cache.set(key(18, 208259, 124024), tile(10));
      await cache.set(key(18, 5, 5), tile(10));
      expect(await disk.read(key(18, 208259, 124024))).toHaveLength(10);
      const [minX, minY, maxX, maxY] = tileBbox(18, 208259, 124024);
      const { disk: removal } = cache.invalidate(
        [minX + 1, minY + 1, maxX - 1, maxY - 1],
        ['parcels'],
      );
      expect(await disk.read(key(18, 208259, 124024))).toBeUndefined();
      expect(await removal).toBe(1);
      expect(await readdir(join(dir, 'public', 'parcels', '18', '208259'))).toEqual([]);
      expect(await readdir(join(dir, 'public', 'parcels', '18', '5'))).toEqual(['5.mvt.gz']);
      expect(await disk.read(key(18, 5, 5))).toHaveLength(10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
