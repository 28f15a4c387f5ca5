import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { audiences, type TileKey } from './tile_key';
import { rangeContains, rangeSize, type TileRange } from './tile_math';

/** Ranges up to this many tiles are deleted file by file; larger ones by listing folders. */
const enumerateLimit = 512;

const numeric = (names: string[]) =>
  names.filter((name) => /^\d+$/.test(name)).map((name) => Number(name));

/**
 * The disk layer of the tile cache: one gzip file per tile at
 * `<root>/<audience>/<layer>/<z>/<x>/<y>.mvt.gz` (an empty file is an empty tile), written
 * atomically. Removal hides the affected tiles at once (reads of them miss) and deletes
 * the files in the background. Unbounded in size: prune it with the seed CLI's `--clear`
 * or by deleting the folder.
 */
export class DiskTileStore {
  private readonly pending = new Set<{ layers: readonly string[]; ranges: TileRange[] }>();

  constructor(readonly root: string) {}

  /** The gzip bytes of a tile, or undefined when not on disk (or being invalidated). */
  async read(key: TileKey): Promise<Buffer | undefined> {
    if (this.isPending(key)) return undefined;
    try {
      return await readFile(this.path(key));
    } catch {
      return undefined;
    }
  }

  /** Stores a tile (write to a temporary file, then rename). */
  async write(key: TileKey, gzip: Buffer): Promise<void> {
    if (this.isPending(key)) return;
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, gzip);
    await rename(temporary, path);
  }

  /** Deletes the files of `layers` (both audiences) inside `ranges`; resolves to the count. */
  async removeRanges(layers: readonly string[], ranges: TileRange[]): Promise<number> {
    const job = { layers, ranges };
    this.pending.add(job);
    try {
      let removed = 0;
      for (const audience of audiences) {
        for (const layer of layers) {
          for (const range of ranges) removed += await this.removeRange(audience, layer, range);
        }
      }
      return removed;
    } finally {
      this.pending.delete(job);
    }
  }

  /** Deletes every cached file. */
  async clear(): Promise<void> {
    for (const audience of audiences)
      await rm(join(this.root, audience), { recursive: true, force: true });
  }

  private async removeRange(audience: string, layer: string, range: TileRange): Promise<number> {
    const zoomDir = join(this.root, audience, layer, String(range.z));
    if (rangeSize(range) <= enumerateLimit) {
      let removed = 0;
      for (let x = range.minX; x <= range.maxX; x++) {
        for (let y = range.minY; y <= range.maxY; y++) {
          if (
            await unlink(join(zoomDir, String(x), `${y}.mvt.gz`)).then(
              () => true,
              () => false,
            )
          )
            removed++;
        }
      }
      return removed;
    }
    let removed = 0;
    const columns = numeric(await readdir(zoomDir).catch(() => []));
    for (const x of columns.filter((column) => column >= range.minX && column <= range.maxX)) {
      const files = await readdir(join(zoomDir, String(x))).catch(() => []);
      for (const file of files) {
        const y = Number(file.replace(/\.mvt\.gz$/, ''));
        if (file.endsWith('.mvt.gz') && rangeContains(range, x, y)) {
          await unlink(join(zoomDir, String(x), file)).catch(() => {});
          removed++;
        }
      }
    }
    return removed;
  }

  private isPending(key: TileKey): boolean {
    for (const job of this.pending) {
      const range = job.ranges[key.z];
      if (range && job.layers.includes(key.layer) && rangeContains(range, key.x, key.y))
        return true;
    }
    return false;
  }

  private path(key: TileKey): string {
    return join(
      this.root,
      key.audience,
      key.layer,
      String(key.z),
      String(key.x),
      `${key.y}.mvt.gz`,
    );
  }
}
