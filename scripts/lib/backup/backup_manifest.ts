import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError } from './backup_error';
import type { SrsRow } from './project_srs';

export const manifestFormat = 'diagis-backup/1';
export const manifestName = 'manifest.json';
export const dumpName = 'database.dump';
export const srsName = 'spatial_ref_sys.json';
/** The two file stores a backup carries, by the folder name they get inside it. */
export const storeNames = ['attachments', 'scans'] as const;
export type StoreName = (typeof storeNames)[number];

/** A file of the backup or of a store: path relative to its folder, POSIX separators. */
export interface BackedUpFile {
  path: string;
  size: number;
  sha256: string;
}

/** What a backup holds, written last: a folder without it is not a finished backup. */
export interface BackupManifest {
  format: typeof manifestFormat;
  createdAt: string;
  diagisVersion: string;
  source: { database: string; serverVersion: string; postgis: string; pgDump: string };
  /** The migration ledger (`diagis_meta.migration`) in the dumped snapshot. */
  migrations: { name: string; checksum: string }[];
  /** Row count of every table, `schema.table`, counted in the dumped snapshot. */
  tables: Record<string, number>;
  /** Cluster-wide roles the database's grants name (pg_dump of one database omits them). */
  roles: string[];
  dump: BackedUpFile;
  spatialRefSys: BackedUpFile & { srids: number[] };
  stores: Record<StoreName, BackedUpFile[]>;
}

/** Writes the manifest into `dir` (the last step of a backup). */
export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  await writeFile(join(dir, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Reads the manifest of backup folder `dir`; a BackupError when it is missing or foreign. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, manifestName), 'utf8');
  } catch {
    throw new BackupError([
      `${join(dir, manifestName)} is missing: ${dir} is not a finished diagis backup`,
    ]);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== manifestFormat) {
    throw new BackupError([
      `${manifestName} has format ${JSON.stringify(manifest.format)}, expected ${manifestFormat}`,
    ]);
  }
  return manifest;
}

/** Reads the project's spatial_ref_sys rows saved beside the manifest. */
export async function readSrsRows(dir: string): Promise<SrsRow[]> {
  return JSON.parse(await readFile(join(dir, srsName), 'utf8')) as SrsRow[];
}
