import type pg from 'pg';
import type { BackupManifest, StoreName } from './backup_manifest';
import { storeNames } from './backup_manifest';
import { compareProjectSrs, type SrsRow } from './project_srs';
import { missingReferences, readReferencedFiles } from './referenced_files';
import { hashFile, listStoreFiles, pathInside } from './store_files';
import { compareCounts, countTables } from './table_counts';

async function verifyStore(
  dir: string,
  store: StoreName,
  manifest: BackupManifest,
): Promise<string[]> {
  const problems: string[] = [];
  for (const file of manifest.stores[store]) {
    const path = pathInside(dir, file.path);
    if (!path) continue;
    try {
      const actual = await hashFile(path);
      if (actual.sha256 !== file.sha256)
        problems.push(`${store}/${file.path} differs from the backup after the restore (SHA-256)`);
    } catch {
      problems.push(`${store}/${file.path} is missing after the restore`);
    }
  }
  return problems;
}

/**
 * Compares the restored database and stores with the manifest: every table's row count,
 * the project's spatial_ref_sys rows, the migration ledger, every store file's SHA-256,
 * and that each file a row names is in its store. One line per difference; empty = all match.
 */
export async function verifyRestore(
  client: pg.ClientBase,
  manifest: BackupManifest,
  srsRows: SrsRow[],
  stores: Record<StoreName, string>,
): Promise<string[]> {
  const problems = compareCounts(manifest.tables, await countTables(client));
  problems.push(...(await compareProjectSrs(client, srsRows)));
  const { rows: ledger } = await client.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM diagis_meta.migration ORDER BY name',
  );
  if (JSON.stringify(ledger) !== JSON.stringify(manifest.migrations))
    problems.push('the migration ledger diagis_meta.migration differs from the backup');
  const present = {} as Record<StoreName, Set<string>>;
  for (const store of storeNames) {
    problems.push(...(await verifyStore(stores[store], store, manifest)));
    present[store] = new Set(await listStoreFiles(stores[store]));
  }
  problems.push(...missingReferences(await readReferencedFiles(client), present));
  return problems;
}
