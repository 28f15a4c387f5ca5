import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BackupManifest,
  dumpName,
  type StoreName,
  srsName,
  storeNames,
} from './backup_manifest';
import { hashFile, pathInside } from './store_files';

/** Where the backup keeps the copy of store `store`. */
export const backupStoreDir = (backupDir: string, store: StoreName): string =>
  join(backupDir, 'stores', store);

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a backup folder before anything is restored: the dump and the spatial_ref_sys
 * file are present with their recorded size and SHA-256, and every store file the
 * manifest lists is present with its size (its hash is checked as it is copied back).
 * Returns one line per problem, naming the file.
 */
export async function checkBackupFiles(dir: string, manifest: BackupManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, recorded] of [
    [dumpName, manifest.dump],
    [srsName, manifest.spatialRefSys],
  ] as const) {
    const path = join(dir, name);
    const size = await sizeOf(path);
    if (size === undefined) {
      problems.push(`${path} is missing from the backup`);
      continue;
    }
    const actual = await hashFile(path);
    if (actual.sha256 !== recorded.sha256 || actual.size !== recorded.size)
      problems.push(`${path} is damaged: its SHA-256 or size differs from the manifest`);
  }
  for (const store of storeNames) {
    const base = backupStoreDir(dir, store);
    for (const file of manifest.stores[store]) {
      const path = pathInside(base, file.path);
      if (!path) {
        problems.push(`manifest lists ${store}/${file.path}, a path outside the store`);
        continue;
      }
      const size = await sizeOf(path);
      if (size === undefined) problems.push(`${store}/${file.path} is missing from the backup`);
      else if (size !== file.size)
        problems.push(
          `${store}/${file.path} has ${size} bytes in the backup, the manifest says ${file.size}`,
        );
    }
  }
  return problems;
}
