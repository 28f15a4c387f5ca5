import type pg from 'pg';
import type { StoreName } from './backup_manifest';

// Store files that rows name: dossier attachments (and their thumbnails, see
// server/dossiers/attachment_store.ts) and normalised scanned sheets.
const referencedSql = `
  SELECT 'attachments' AS store, substr(sha256, 1, 2) || '/' || sha256 AS path FROM dossier.attachment
  UNION
  SELECT 'attachments', substr(sha256, 1, 2) || '/' || sha256 || '.thumb.jpg'
  FROM dossier.attachment WHERE has_thumbnail
  UNION
  SELECT 'scans', file_path FROM cadastre.scanned_sheet
  ORDER BY 1, 2`;

/** The store files the database's rows name, as `{store, path}` relative to the store. */
export async function readReferencedFiles(
  client: pg.ClientBase,
): Promise<{ store: StoreName; path: string }[]> {
  const { rows } = await client.query<{ store: StoreName; path: string }>(referencedSql);
  return rows;
}

/** One line per referenced file that is not among `present` (per store). */
export function missingReferences(
  referenced: { store: StoreName; path: string }[],
  present: Record<StoreName, Set<string>>,
): string[] {
  return referenced
    .filter(({ store, path }) => !present[store].has(path))
    .map(
      ({ store, path }) => `${store}/${path} is named by the database but missing from the store`,
    );
}
