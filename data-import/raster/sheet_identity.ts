import type pg from 'pg';
import { RasterInputError } from './raster_input_error';

/** Which paper sheet a scan is of: a map sheet id, or a commune code with a sheet number. */
export interface SheetReference {
  mapSheetId?: number | undefined;
  communeCode?: string | undefined;
  sheetNo?: number | undefined;
}

export interface SheetIdentity {
  mapSheetId: number | null;
  communeId: number | null;
  sheetNo: number | null;
}

// The map sheet named by id, with its commune and number.
const byIdSql = 'SELECT id, commune_id, sheet_no FROM cadastre.map_sheet WHERE id = $1';
// A commune by code, the unit in force first, else the latest legacy one (old sheets keep
// the commune they were surveyed under).
const communeSql = `SELECT id FROM admin.unit WHERE level = 'commune' AND code = $1
                    ORDER BY upper_inf(valid) DESC, upper(valid) DESC LIMIT 1`;
// The digital map sheet of that commune and number, if one exists.
const sheetSql = 'SELECT id FROM cadastre.map_sheet WHERE commune_id = $1 AND sheet_no = $2';

/**
 * Resolves the sheet a scan belongs to. Every part is optional (a scan of an unknown sheet
 * can still be placed on the map); a reference that does not exist is a RasterInputError.
 */
export async function resolveSheetIdentity(
  db: pg.ClientBase | pg.Pool,
  ref: SheetReference,
): Promise<SheetIdentity> {
  if (ref.mapSheetId !== undefined) {
    const { rows } = await db.query(byIdSql, [ref.mapSheetId]);
    if (!rows[0])
      throw new RasterInputError(
        'mapSheetId',
        `no map sheet has id ${ref.mapSheetId}`,
        'unprocessable',
      );
    return { mapSheetId: rows[0].id, communeId: rows[0].commune_id, sheetNo: rows[0].sheet_no };
  }
  if (ref.communeCode === undefined) {
    if (ref.sheetNo !== undefined) {
      throw new RasterInputError(
        'communeCode',
        'is required with sheetNo (sheets are numbered per commune)',
      );
    }
    return { mapSheetId: null, communeId: null, sheetNo: null };
  }
  const commune = await db.query(communeSql, [ref.communeCode]);
  const communeId: number | undefined = commune.rows[0]?.id;
  if (communeId === undefined) {
    throw new RasterInputError(
      'communeCode',
      `no commune has code ${ref.communeCode}`,
      'unprocessable',
    );
  }
  if (ref.sheetNo === undefined) return { mapSheetId: null, communeId, sheetNo: null };
  const sheet = await db.query(sheetSql, [communeId, ref.sheetNo]);
  return { mapSheetId: sheet.rows[0]?.id ?? null, communeId, sheetNo: ref.sheetNo };
}
