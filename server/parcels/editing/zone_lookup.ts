import type pg from 'pg';
import { HttpError } from '../../http/http_error';

/** The zone plane of a parcel (it never changes between versions). */
export async function zoneOf(db: pg.ClientBase, parcelId: number): Promise<number> {
  const { rows } = await db.query(
    `SELECT zone_srid FROM cadastre.parcel_version WHERE parcel_id = $1 ORDER BY version_no DESC LIMIT 1`,
    [parcelId],
  );
  if (!rows[0]) throw new HttpError(404, `parcel ${parcelId} does not exist`);
  return Number(rows[0].zone_srid);
}

/** The registered map sheet of a commune, or the zone its parcels use; 422 when neither. */
export async function sheetOf(
  db: pg.ClientBase,
  communeId: number,
  sheetNo: number,
): Promise<{ zoneSrid: number; mapSheetId: number | null }> {
  const { rows } = await db.query(
    `SELECT s.id, s.zone_srid FROM cadastre.map_sheet s WHERE s.commune_id = $1 AND s.sheet_no = $2
     UNION ALL
     SELECT NULL, v.zone_srid FROM cadastre.parcel_version v WHERE v.commune_id = $1 AND v.status = 'committed'
     LIMIT 1`,
    [communeId, sheetNo],
  );
  if (!rows[0])
    throw new HttpError(
      422,
      `sheetNo: commune ${communeId} has no map sheet ${sheetNo} and no parcels to take a VN-2000 zone from`,
      'sheetNo',
    );
  return {
    zoneSrid: Number(rows[0].zone_srid),
    mapSheetId: rows[0].id === null ? null : Number(rows[0].id),
  };
}
