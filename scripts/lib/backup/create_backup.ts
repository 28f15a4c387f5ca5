import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { inTransaction } from '../../../core/db/transaction';
import { redactUrl } from '../../../server/config';
import { BackupError } from './backup_error';
import { backupStoreDir } from './backup_files_check';
import {
  type BackedUpFile,
  type BackupManifest,
  dumpName,
  manifestFormat,
  type StoreName,
  srsName,
  storeNames,
  writeManifest,
} from './backup_manifest';
import { dumpDatabase } from './dump_database';
import { readNeededRoles } from './needed_roles';
import { toolVersion } from './pg_tools';
import type { Progress } from './progress';
import { readProjectSrs } from './project_srs';
import { missingReferences, readReferencedFiles } from './referenced_files';
import { copyFileHashed, hashFile, listStoreFiles } from './store_files';
import { countTables } from './table_counts';

/** What a backup reads and where it writes. */
export interface BackupRequest {
  databaseUrl: string;
  /** The backup folder: created, or an existing empty folder. */
  to: string;
  /** The live attachment and scan stores. */
  stores: Record<StoreName, string>;
  /** Folder of pg_dump (DIAGIS_PG_BIN). */
  binDir: string;
  log: (message: string) => void;
  progress: Progress;
}

const packageVersion = async (): Promise<string> => {
  const text = await readFile(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
};

async function ensureEmptyFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new BackupError([`${dir} is not empty: back up into a new or empty folder`]);
  }
}

async function copyStore(
  from: string,
  to: string,
  store: StoreName,
  progress: Progress,
): Promise<BackedUpFile[]> {
  const paths = await listStoreFiles(from);
  const step = progress(`copying ${store}`, paths.length);
  try {
    const files: BackedUpFile[] = [];
    for (const path of paths) {
      files.push({ path, ...(await copyFileHashed(join(from, path), join(to, path))) });
      step.tick(path);
    }
    return files;
  } finally {
    step.stop();
  }
}

/** Facts of the dumped snapshot, read in the transaction that exported it. */
interface SnapshotFacts extends Pick<BackupManifest, 'tables' | 'roles' | 'migrations'> {
  srsRows: Awaited<ReturnType<typeof readProjectSrs>>;
  referenced: Awaited<ReturnType<typeof readReferencedFiles>>;
  serverVersion: string;
  postgis: string;
}

/** Exports a snapshot, reads its facts, and dumps it while the transaction stays open. */
async function dumpSnapshot(request: BackupRequest): Promise<SnapshotFacts> {
  const client = new pg.Client(request.databaseUrl);
  await client.connect();
  try {
    return await inTransaction(client, () => readAndDumpSnapshot(client, request), {
      isolation: 'repeatable read',
      readOnly: true,
    });
  } finally {
    await client.end();
  }
}

/** The facts of the transaction's snapshot, then pg_dump of that same snapshot. */
async function readAndDumpSnapshot(
  client: pg.Client,
  request: BackupRequest,
): Promise<SnapshotFacts> {
  const { rows } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
  const snapshot = rows[0]?.id as string;
  request.log(`counting rows in ${redactUrl(request.databaseUrl)}...`);
  const tables = await countTables(client);
  const versions = await client.query<{ server: string; postgis: string }>(
    'SELECT current_setting($1) AS server, postgis_lib_version() AS postgis',
    ['server_version'],
  );
  const ledger = await client.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM diagis_meta.migration ORDER BY name',
  );
  const facts: SnapshotFacts = {
    tables,
    roles: await readNeededRoles(client),
    migrations: ledger.rows,
    srsRows: await readProjectSrs(client),
    referenced: await readReferencedFiles(client),
    serverVersion: versions.rows[0]?.server ?? '',
    postgis: versions.rows[0]?.postgis ?? '',
  };
  request.log(`dumping ${Object.keys(tables).length} tables with pg_dump...`);
  await dumpDatabase({
    url: request.databaseUrl,
    snapshot,
    file: join(request.to, dumpName),
    binDir: request.binDir,
    tableCount: Object.keys(tables).length,
    progress: request.progress,
  });
  return facts;
}

/**
 * Backs up everything diagis needs into one folder: the database as `pg_dump -Fc`, the
 * row count of every table and the project's spatial_ref_sys rows taken in the dump's
 * own snapshot, the roles its grants name, the migration ledger, and a copy of each
 * attachment and scan file with its size and SHA-256. The store files are copied after
 * the dump, so every file a dumped row names is there; a row naming a file that is
 * missing from the store fails the backup. The manifest is written last.
 */
export async function createBackup(request: BackupRequest): Promise<BackupManifest> {
  const { to, log } = request;
  await ensureEmptyFolder(to);
  const pgDump = toolVersion(request.binDir, 'pg_dump');
  const snapshotFacts = await dumpSnapshot(request);

  const srsPath = join(to, srsName);
  await writeFile(srsPath, `${JSON.stringify(snapshotFacts.srsRows, null, 2)}\n`);
  const stores = {} as Record<StoreName, BackedUpFile[]>;
  for (const store of storeNames) {
    log(`copying the ${store} store ${request.stores[store]}...`);
    stores[store] = await copyStore(
      request.stores[store],
      backupStoreDir(to, store),
      store,
      request.progress,
    );
  }
  const present = Object.fromEntries(
    storeNames.map((store) => [store, new Set(stores[store].map((file) => file.path))]),
  ) as Record<StoreName, Set<string>>;
  const missing = missingReferences(snapshotFacts.referenced, present);
  if (missing.length > 0) throw new BackupError(missing);

  const manifest: BackupManifest = {
    format: manifestFormat,
    createdAt: new Date().toISOString(),
    diagisVersion: await packageVersion(),
    source: {
      database: redactUrl(request.databaseUrl),
      serverVersion: snapshotFacts.serverVersion,
      postgis: snapshotFacts.postgis,
      pgDump,
    },
    migrations: snapshotFacts.migrations,
    tables: snapshotFacts.tables,
    roles: snapshotFacts.roles,
    dump: { path: dumpName, ...(await hashFile(join(to, dumpName))) },
    spatialRefSys: {
      path: srsName,
      ...(await hashFile(srsPath)),
      srids: snapshotFacts.srsRows.map((row) => row.srid),
    },
    stores,
  };
  await writeManifest(to, manifest);
  return manifest;
}
