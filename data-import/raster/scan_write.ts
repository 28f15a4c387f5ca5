import type pg from 'pg';
import { affineArray } from '../../core/geo/affine';
import { ringEwkt } from './sheet_footprint';
import type { SheetGeoref } from './sheet_georef';
import type { SheetIdentity } from './sheet_identity';

/** Everything a scanned_sheet row records about one stored scan. */
export interface ScanRow {
  identity: SheetIdentity;
  title: string | null;
  srid: number;
  georef: SheetGeoref;
  file: { path: string; sha256: string; size: number };
  source: { fileName: string; sha256: string; format: string };
  width: number;
  height: number;
  userId: number | null;
}

const columns = `map_sheet_id, commune_id, sheet_no, title, zone_srid, transform, georef_method,
  gcps, gcp_rms, footprint, file_path, file_sha256, file_size, source_file_name, source_sha256,
  source_format, width, height, pixel_size_x, pixel_size_y, uploaded_by`;
const values = `$1, $2, $3, $4, $5, $6, $7, $8, $9, ST_GeomFromEWKT($10), $11, $12, $13, $14,
  $15, $16, $17, $18, $19, $20, $21`;

// A new scan.
const insertSql = `INSERT INTO cadastre.scanned_sheet (${columns}) VALUES (${values}) RETURNING id`;
// A scan replaced in place: same id, new file and placement; the old file path comes back
// so the caller can delete it once nothing else uses it.
const replaceSql = `
  WITH old AS (SELECT id, file_path FROM cadastre.scanned_sheet WHERE id = $22 FOR UPDATE)
  UPDATE cadastre.scanned_sheet s SET (${columns}, uploaded_at, replaced_at)
    = (${values}, now(), now())
  FROM old WHERE s.id = old.id
  RETURNING s.id, old.file_path AS old_file_path`;

function parameters(row: ScanRow): unknown[] {
  const { georef } = row;
  return [
    row.identity.mapSheetId,
    row.identity.communeId,
    row.identity.sheetNo,
    row.title,
    row.srid,
    affineArray(georef.affine),
    georef.method,
    georef.fit ? JSON.stringify(georef.fit.residuals) : null,
    georef.fit ? georef.fit.rms : null,
    ringEwkt(georef.footprint, row.srid),
    row.file.path,
    row.file.sha256,
    row.file.size,
    row.source.fileName,
    row.source.sha256,
    row.source.format,
    row.width,
    row.height,
    georef.pixelSize.x,
    georef.pixelSize.y,
    row.userId,
  ];
}

/** Inserts a scan and returns its id. */
export async function insertScan(db: pg.ClientBase, row: ScanRow): Promise<number> {
  const { rows } = await db.query(insertSql, parameters(row));
  return Number(rows[0].id);
}

/** Replaces scan `id`; undefined when there is no such scan, else the old file path. */
export async function replaceScan(
  db: pg.ClientBase,
  id: number,
  row: ScanRow,
): Promise<{ oldFilePath: string } | undefined> {
  const { rows } = await db.query(replaceSql, [...parameters(row), id]);
  return rows[0] ? { oldFilePath: rows[0].old_file_path } : undefined;
}

// Whether any scan still uses a stored file (two uploads of the same scan share one).
const inUseSql =
  'SELECT EXISTS (SELECT 1 FROM cadastre.scanned_sheet WHERE file_path = $1) AS used';

/** True when some scan row still points at `filePath`. */
export async function fileInUse(db: pg.ClientBase | pg.Pool, filePath: string): Promise<boolean> {
  const { rows } = await db.query(inUseSql, [filePath]);
  return rows[0].used === true;
}
