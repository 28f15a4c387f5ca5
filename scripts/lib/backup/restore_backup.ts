import { join } from 'node:path';
import pg from 'pg';
import { redactUrl } from '../../../server/config';
import { BackupError } from './backup_error';
import { backupStoreDir, checkBackupFiles } from './backup_files_check';
import {
  type BackupManifest,
  dumpName,
  readManifest,
  readSrsRows,
  type StoreName,
  storeNames,
} from './backup_manifest';
import { ensureRoles } from './needed_roles';
import { toolVersion } from './pg_tools';
import type { Progress } from './progress';
import { restoreSections } from './restore_sections';
import { copyFileHashed, pathInside } from './store_files';
import { prepareTargetDatabase } from './target_database';
import { verifyRestore } from './verify_restore';

/** Where a restore reads from and writes to. */
export interface RestoreRequest {
  /** The backup folder (with manifest.json). */
  from: string;
  databaseUrl: string;
  /** Drop and recreate a non-empty target database instead of refusing it. */
  replace: boolean;
  /** The attachment and scan stores to fill. */
  stores: Record<StoreName, string>;
  binDir: string;
  /** Parallel pg_restore jobs for the data and post-data steps. */
  jobs: number;
  log: (message: string) => void;
  progress: Progress;
}

async function restoreStore(
  from: string,
  to: string,
  store: StoreName,
  manifest: BackupManifest,
  progress: Progress,
): Promise<string[]> {
  const problems: string[] = [];
  const step = progress(`copying ${store}`, manifest.stores[store].length);
  try {
    for (const file of manifest.stores[store]) {
      const source = pathInside(from, file.path);
      const target = pathInside(to, file.path);
      if (!source || !target) {
        problems.push(`manifest lists ${store}/${file.path}, a path outside the store`);
        continue;
      }
      const copied = await copyFileHashed(source, target, file.sha256);
      if (copied.sha256 !== file.sha256)
        problems.push(
          `${store}/${file.path} in the backup does not match its SHA-256: not restored`,
        );
      step.tick(file.path);
    }
  } finally {
    step.stop();
  }
  return problems;
}

/**
 * Restores a backup made by `createBackup` into an empty database (created if missing;
 * a non-empty one is refused unless `replace`) and the stores: checks the backup's files
 * first, creates the roles its grants name and PostGIS, restores schema, the project's
 * spatial_ref_sys rows, data and post-data, copies the store files back, then compares
 * everything with the manifest. Throws a BackupError listing every missing table or file
 * and every count difference; returns only when all of it matches.
 */
export async function restoreBackup(request: RestoreRequest): Promise<BackupManifest> {
  const { from, log } = request;
  const manifest = await readManifest(from);
  log(`checking the backup in ${from} (made ${manifest.createdAt})...`);
  const damaged = await checkBackupFiles(from, manifest);
  if (damaged.length > 0) throw new BackupError(damaged);
  const srsRows = await readSrsRows(from);
  toolVersion(request.binDir, 'pg_restore');

  await prepareTargetDatabase(request.databaseUrl, request.replace, log);
  const client = new pg.Client(request.databaseUrl);
  await client.connect();
  try {
    const created = await ensureRoles(client, manifest.roles);
    if (created.length > 0) log(`created role(s) ${created.join(', ')} (NOLOGIN)`);
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
    } catch (error) {
      throw new BackupError([
        `PostGIS cannot be created in ${redactUrl(request.databaseUrl)}: ${(error as Error).message}`,
      ]);
    }
    await restoreSections({
      archive: join(from, dumpName),
      url: request.databaseUrl,
      client,
      binDir: request.binDir,
      jobs: request.jobs,
      srsRows,
      tableCount: Object.keys(manifest.tables).length,
      log,
      progress: request.progress,
    });
    const problems: string[] = [];
    for (const store of storeNames) {
      log(`copying the ${store} store back to ${request.stores[store]}...`);
      problems.push(
        ...(await restoreStore(
          backupStoreDir(from, store),
          request.stores[store],
          store,
          manifest,
          request.progress,
        )),
      );
    }
    log('comparing the restore with the manifest...');
    problems.push(...(await verifyRestore(client, manifest, srsRows, request.stores)));
    if (problems.length > 0) throw new BackupError(problems);
    return manifest;
  } finally {
    await client.end();
  }
}
