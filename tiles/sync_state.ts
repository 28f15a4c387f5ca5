import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { changeLogRetentionDays } from './change_log';
import type { DiskTileStore } from './disk_tile_store';

const fileName = 'sync-state.json';

interface SyncState {
  snapshot: string;
  savedAt: string;
}

/**
 * The change-log snapshot a disk cache was last in step with. When there is none, or it is
 * older than the change log keeps, nobody can tell what changed since: the disk cache is
 * emptied and undefined returned.
 */
export async function loadSyncState(
  dir: string,
  disk: DiskTileStore | undefined,
): Promise<string | undefined> {
  const state = await readFile(join(dir, fileName), 'utf8')
    .then((text) => JSON.parse(text) as SyncState)
    .catch(() => undefined);
  const ageDays = state
    ? (Date.now() - Date.parse(state.savedAt)) / 86_400_000
    : Number.POSITIVE_INFINITY;
  if (state && typeof state.snapshot === 'string' && ageDays < changeLogRetentionDays - 1)
    return state.snapshot;
  const entries = await readdir(dir).catch(() => []);
  if (disk && entries.some((name) => name !== fileName)) await disk.clear();
  return undefined;
}

/** Records the snapshot the disk cache is now in step with (atomically). */
export async function saveSyncState(dir: string, snapshot: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const state: SyncState = { snapshot, savedAt: new Date().toISOString() };
  const temporary = join(dir, `${fileName}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify(state));
  await rename(temporary, join(dir, fileName));
}
