import type pg from 'pg';
import { HttpError } from '../../http/http_error';
import { StaleVersionError } from '../parcel_versions';
import type { LandUseInput } from './attribute_rules';
import type { Ewkb } from './edit_geometry';
import { RuleViolationError } from './rule_violation';

/** The current version of a parcel, as the edit path needs it. */
export interface CurrentParcel {
  parcelId: number;
  versionId: number;
  versionNo: number;
  communeId: number;
  sheetNo: number;
  parcelNo: number;
  mapSheetId: number | null;
  zoneSrid: number;
  geometry: Ewkb;
  area: number;
  legalArea: number | null;
  landAddress: string | null;
  landUses: LandUseInput[];
}

const currentSql = `
  SELECT v.parcel_id, v.id AS version_id, v.version_no, v.commune_id, v.sheet_no, v.parcel_no,
         v.map_sheet_id, v.zone_srid, encode(ST_AsEWKB(v.geom), 'hex') AS geom, v.computed_area,
         v.legal_area, v.land_address,
         (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'area', lu.area, 'originalCode', lu.original_code)
                                   ORDER BY lu.seq), '[]')
            FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id) AS land_uses
  FROM cadastre.parcel_version v
  WHERE v.parcel_id = ANY($1::bigint[]) AND v.status = 'committed' AND upper_inf(v.valid)`;

const toCurrent = (row: Record<string, unknown>): CurrentParcel => ({
  parcelId: Number(row.parcel_id),
  versionId: Number(row.version_id),
  versionNo: Number(row.version_no),
  communeId: Number(row.commune_id),
  sheetNo: Number(row.sheet_no),
  parcelNo: Number(row.parcel_no),
  mapSheetId: row.map_sheet_id === null ? null : Number(row.map_sheet_id),
  zoneSrid: Number(row.zone_srid),
  geometry: String(row.geom),
  area: Number(row.computed_area),
  legalArea: row.legal_area === null ? null : Number(row.legal_area),
  landAddress: (row.land_address as string | null) ?? null,
  landUses: (row.land_uses as LandUseInput[]).map((use) => ({ ...use, area: Number(use.area) })),
});

/** The current versions of `parcelIds`, in the order asked; 404 naming the first missing one. */
export async function readCurrent(
  db: pg.ClientBase,
  parcelIds: readonly number[],
): Promise<CurrentParcel[]> {
  const { rows } = await db.query(currentSql, [parcelIds]);
  const byId = new Map(rows.map((row) => [Number(row.parcel_id), toCurrent(row)]));
  return parcelIds.map((id) => {
    const parcel = byId.get(id);
    if (!parcel)
      throw new HttpError(404, `parcel ${id} does not exist or is no longer current`, 'parcelId');
    return parcel;
  });
}

/**
 * Locks the parcels (their identity rows, which never change, so a writer that waited
 * re-reads the newest version afterwards), then checks each is still at the version the
 * caller saw: 412 otherwise. Returns the current versions.
 */
export async function lockAtVersions(
  client: pg.ClientBase,
  expected: readonly { parcelId: number; versionNo: number }[],
): Promise<CurrentParcel[]> {
  await client.query(
    'SELECT id FROM cadastre.parcel WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
    [expected.map((parcel) => parcel.parcelId)],
  );
  const current = await readCurrent(
    client,
    expected.map((parcel) => parcel.parcelId),
  );
  for (const [index, parcel] of current.entries()) {
    const wanted = expected[index]?.versionNo;
    if (wanted !== undefined && parcel.versionNo !== wanted)
      throw new StaleVersionError(parcel.parcelId, wanted, parcel.versionNo);
  }
  return current;
}

/**
 * A parcel with an edit waiting for a dossier may only be changed through that dossier:
 * 409 naming the dossier otherwise. `dossierId` is the dossier the new edit is for, if any.
 */
export async function assertNoPendingEdit(
  db: pg.ClientBase,
  parcelIds: readonly number[],
  dossierId: number | null,
): Promise<void> {
  for (const parcelId of parcelIds) {
    const { rows } = await db.query(
      `SELECT id, dossier_id FROM cadastre.pending_edit
       WHERE status = 'pending' AND base @> $1::jsonb AND dossier_id IS DISTINCT FROM $2
       ORDER BY id LIMIT 1`,
      [JSON.stringify([{ parcelId }]), dossierId],
    );
    const pending = rows[0];
    if (pending) {
      throw new RuleViolationError([
        {
          rule: 'pending.conflict',
          parcelId,
          message: `parcel ${parcelId} has a pending edit (${pending.id}) for dossier ${pending.dossier_id}; it changes only through that dossier until it is approved or rejected`,
        },
      ]);
    }
  }
}
