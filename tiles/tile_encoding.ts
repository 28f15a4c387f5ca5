import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { CachedTile } from './tile_cache';

const gzipAsync = promisify(gzip);

/** Strong ETag of the uncompressed tile bytes (quoted, 27 base64url characters of SHA-256). */
export const tileEtag = (bytes: Buffer): string =>
  `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;

/** Below this size compressing inline is quicker than the round trip to zlib's thread pool. */
const inlineLimit = 64 * 1024;

/**
 * Compresses a freshly rendered tile for the cache (an empty tile stays empty). Level 1:
 * on MVT it is within 5% of level 6 in size at a third of the time.
 */
export async function encodeTile(bytes: Buffer): Promise<CachedTile> {
  const compressed =
    bytes.length === 0
      ? Buffer.alloc(0)
      : bytes.length < inlineLimit
        ? gzipSync(bytes, { level: 1 })
        : await gzipAsync(bytes, { level: 1 });
  return { gzip: compressed, etag: tileEtag(bytes), bytes: bytes.length };
}

/** Rebuilds a cache entry from the gzip bytes of a disk file. */
export function readStoredTile(compressed: Buffer): CachedTile {
  const bytes = compressed.length === 0 ? Buffer.alloc(0) : gunzipSync(compressed);
  return { gzip: compressed, etag: tileEtag(bytes), bytes: bytes.length };
}

/** The uncompressed tile, for clients that do not accept gzip. */
export const tileBody = (tile: CachedTile): Buffer =>
  tile.gzip.length === 0 ? tile.gzip : gunzipSync(tile.gzip);
