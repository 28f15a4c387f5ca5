import type pg from 'pg';

/** A scanned sheet as the API shows it. */
export interface ScanRecord {
  id: number;
  mapSheetId: number | null;
  communeCode: string | null;
  sheetNo: number | null;
  title: string | null;
  zoneSrid: number;
  georefMethod: 'world_file' | 'gcp';
  transform: number[];
  gcps: unknown[] | null;
  gcpRms: number | null;
  width: number;
  height: number;
  pixelSize: { x: number; y: number };
  fileName: string;
  fileSha256: string;
  fileSize: number;
  status: string;
  uploadedBy: string | null;
  uploadedAt: string;
  replacedAt: string | null;
  /** GeoJSON polygons: WGS84 for maps, and the native zone for surveyors. */
  footprint: unknown;
  footprintNative: unknown;
  /** [west, south, east, north], WGS84. */
  bbox: number[];
}

// Scanned sheets for staff: one (by id) or all, newest first, with footprints as GeoJSON.
const selectSql = `
  SELECT s.id, s.map_sheet_id, u.code AS commune_code, s.sheet_no, s.title, s.zone_srid,
         s.georef_method, s.transform, s.gcps, s.gcp_rms, s.width, s.height, s.pixel_size_x,
         s.pixel_size_y, s.source_file_name, s.file_sha256, s.file_size, s.status,
         a.username AS uploaded_by, s.uploaded_at, s.replaced_at,
         ST_AsGeoJSON(ST_Transform(s.footprint, 4326), 8)::json AS footprint,
         ST_AsGeoJSON(s.footprint, 3)::json AS footprint_native,
         ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox
  FROM cadastre.scanned_sheet s
  CROSS JOIN LATERAL ST_Transform(s.footprint, 4326) AS b
  LEFT JOIN admin.unit u ON u.id = s.commune_id
  LEFT JOIN auth.app_user a ON a.id = s.uploaded_by`;

const recordOf = (r: Record<string, unknown>): ScanRecord => ({
  id: Number(r.id),
  mapSheetId: r.map_sheet_id === null ? null : Number(r.map_sheet_id),
  communeCode: (r.commune_code as string | null) ?? null,
  sheetNo: (r.sheet_no as number | null) ?? null,
  title: (r.title as string | null) ?? null,
  zoneSrid: Number(r.zone_srid),
  georefMethod: r.georef_method as ScanRecord['georefMethod'],
  transform: (r.transform as number[]).map(Number),
  gcps: (r.gcps as unknown[] | null) ?? null,
  gcpRms: r.gcp_rms === null ? null : Number(r.gcp_rms),
  width: Number(r.width),
  height: Number(r.height),
  pixelSize: { x: Number(r.pixel_size_x), y: Number(r.pixel_size_y) },
  fileName: String(r.source_file_name),
  fileSha256: String(r.file_sha256),
  fileSize: Number(r.file_size),
  status: String(r.status),
  uploadedBy: (r.uploaded_by as string | null) ?? null,
  uploadedAt: (r.uploaded_at as Date).toISOString(),
  replacedAt: r.replaced_at ? (r.replaced_at as Date).toISOString() : null,
  footprint: r.footprint,
  footprintNative: r.footprint_native,
  bbox: (r.bbox as number[]).map(Number),
});

/** Every scanned sheet, newest first (at most `limit`). */
export async function listScans(db: pg.Pool | pg.ClientBase, limit = 1000): Promise<ScanRecord[]> {
  const { rows } = await db.query(`${selectSql} ORDER BY s.id DESC LIMIT $1`, [limit]);
  return rows.map(recordOf);
}

/** One scanned sheet, or undefined. */
export async function findScan(
  db: pg.Pool | pg.ClientBase,
  id: number,
): Promise<ScanRecord | undefined> {
  const { rows } = await db.query(`${selectSql} WHERE s.id = $1`, [id]);
  return rows[0] ? recordOf(rows[0]) : undefined;
}

// Removes a scan and returns its file path, so the file can go once nothing uses it.
const deleteSql = 'DELETE FROM cadastre.scanned_sheet WHERE id = $1 RETURNING file_path';

/** Deletes scan `id`; its stored file path, or undefined when there was none. */
export async function deleteScan(db: pg.ClientBase, id: number): Promise<string | undefined> {
  const { rows } = await db.query(deleteSql, [id]);
  return rows[0]?.file_path;
}
