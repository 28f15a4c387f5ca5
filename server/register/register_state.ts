import type pg from 'pg';

/** A right in force on one of the dossier's parcels. */
export interface OpenRight {
  id: number;
  parcelId: number;
  partyId: number;
  party: {
    kind: string;
    fullName: string;
    idKind: string | null;
    idNumber: string | null;
    address: string | null;
    birthYear: number | null;
  };
  rightKind: 'land_use' | 'lease' | 'mortgage' | 'asset_ownership';
  share: number;
  useTerm: string | null;
  termUntil: string | null;
  originOfUse: string | null;
  certificateId: number | null;
  certificateSerial: string | null;
}

/** A restriction (mortgage) in force on one of the dossier's parcels. */
export interface OpenRestriction {
  id: number;
  rightId: number;
  parcelId: number;
  kind: 'mortgage';
  creditorName: string;
  contractNo: string;
}

/** A parcel of the dossier as it stands. */
export interface ParcelState {
  parcelId: number;
  versionNo: number;
  sheetNo: number;
  parcelNo: number;
  landUses: { code: string; area: number }[];
}

/** The part of the register a dossier's effect reads: its parcels, their rights and restrictions. */
export interface RegisterState {
  parcels: ParcelState[];
  rights: OpenRight[];
  restrictions: OpenRestriction[];
}

const parcelsSql = `
  SELECT v.parcel_id, v.version_no, v.sheet_no, v.parcel_no,
         coalesce((SELECT jsonb_agg(jsonb_build_object('code', u.code, 'area', u.area) ORDER BY u.seq)
                   FROM cadastre.parcel_land_use u WHERE u.version_id = v.id), '[]') AS land_uses
  FROM dossier.dossier_parcel dp
  JOIN cadastre.parcel_version v
    ON v.parcel_id = dp.parcel_id AND v.status = 'committed' AND upper_inf(v.valid)
  WHERE dp.dossier_id = $1
  ORDER BY v.parcel_id`;

// Locks the open rights of the dossier's parcels: a second approval touching the same
// rights waits here, then sees them closed (READ COMMITTED re-reads the row).
const rightsSql = `
  SELECT r.id, r.parcel_id, r.party_id, r.right_kind, r.share, r.use_term, r.term_until::text,
         r.origin_of_use, r.certificate_id, c.serial_no,
         p.kind, p.full_name, p.id_kind, p.id_number, p.address, p.birth_year
  FROM registry.parcel_right r
  JOIN registry.party p ON p.id = r.party_id
  LEFT JOIN registry.certificate c ON c.id = r.certificate_id
  WHERE r.parcel_id = ANY($1::bigint[]) AND upper_inf(r.valid)
  ORDER BY r.parcel_id, r.id
  FOR UPDATE OF r`;

const restrictionsSql = `
  SELECT id, right_id, parcel_id, kind, creditor_name, contract_no
  FROM registry.restriction
  WHERE parcel_id = ANY($1::bigint[]) AND upper_inf(valid)
  ORDER BY id
  FOR UPDATE`;

/** Reads (and locks) the register of the dossier's current parcels. */
export async function loadRegisterState(
  client: pg.ClientBase,
  dossierId: number,
): Promise<RegisterState> {
  const parcels = (await client.query(parcelsSql, [dossierId])).rows.map(
    (row): ParcelState => ({
      parcelId: Number(row.parcel_id),
      versionNo: row.version_no,
      sheetNo: row.sheet_no,
      parcelNo: row.parcel_no,
      landUses: (row.land_uses as { code: string; area: string | number }[]).map((use) => ({
        code: use.code,
        area: Number(use.area),
      })),
    }),
  );
  const ids = parcels.map((parcel) => parcel.parcelId);
  const rights = (await client.query(rightsSql, [ids])).rows.map(
    (row): OpenRight => ({
      id: Number(row.id),
      parcelId: Number(row.parcel_id),
      partyId: Number(row.party_id),
      party: {
        kind: row.kind,
        fullName: row.full_name,
        idKind: row.id_kind,
        idNumber: row.id_number,
        address: row.address,
        birthYear: row.birth_year,
      },
      rightKind: row.right_kind,
      share: Number(row.share),
      useTerm: row.use_term,
      termUntil: row.term_until,
      originOfUse: row.origin_of_use,
      certificateId: row.certificate_id === null ? null : Number(row.certificate_id),
      certificateSerial: row.serial_no,
    }),
  );
  const restrictions = (await client.query(restrictionsSql, [ids])).rows.map(
    (row): OpenRestriction => ({
      id: Number(row.id),
      rightId: Number(row.right_id),
      parcelId: Number(row.parcel_id),
      kind: row.kind,
      creditorName: row.creditor_name,
      contractNo: row.contract_no,
    }),
  );
  return { parcels, rights, restrictions };
}

/** The ids of the land-use rights in force, the ones a recorded request was checked against. */
export const landUseRightIds = (state: RegisterState): number[] =>
  state.rights.filter((right) => right.rightKind === 'land_use').map((right) => right.id);
