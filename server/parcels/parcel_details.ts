import type pg from 'pg';
import type { ParcelDetails } from '../../core/api/parcel_details';

// The parcel with its land uses and the plan zones it falls in (areas in the native
// VN-2000 plane). `zones` is the public view or the full table, chosen by the caller.
const detailsSql = (zones: 'planning.disclosed_zone' | 'planning.plan_zone_with_plan') => `
  SELECT p.parcel_id, p.version_id, u.code AS commune_code, u.name AS commune_name, p.commune_id,
         p.sheet_no, p.parcel_no, round(p.computed_area::numeric, 1) AS computed_area, p.legal_area,
         ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox,
         (SELECT coalesce(json_agg(json_build_object('code', c.code, 'name', c.name_vi, 'area', (lu.use ->> 'area')::numeric)
                               ORDER BY lu.seq), '[]')
            FROM jsonb_array_elements(p.land_uses) WITH ORDINALITY AS lu(use, seq)
            JOIN ref.land_use_code c ON c.code = lu.use ->> 'code') AS land_uses,
         (SELECT coalesce(json_agg(json_build_object(
                   'planName', z.plan_name, 'decisionNo', z.decision_no, 'plannedUse', z.planned_use_code,
                   'plannedUseName', c.name_vi,
                   'area', round(ST_Area(ST_Intersection(z.geom, ST_Transform(p.geom, z.zone_srid)))::numeric, 1))), '[]')
            FROM ${zones} z JOIN ref.land_use_code c ON c.code = z.planned_use_code
           WHERE z.geom_3857 && p.geom_3857 AND ST_Intersects(z.geom, ST_Transform(p.geom, z.zone_srid))
             AND ST_Area(ST_Intersection(z.geom, ST_Transform(p.geom, z.zone_srid))) >= 1) AS plan_zones
  FROM cadastre.public_parcel p
  JOIN admin.unit u ON u.id = p.commune_id
  CROSS JOIN LATERAL ST_Transform(ST_Envelope(p.geom), 4326) AS b
  WHERE p.parcel_id = $1`;

/** The numbers, areas and land uses every parcel answer starts with, from a query row. */
export const parcelFacts = (row: Record<string, unknown>) => ({
  parcelId: Number(row.parcel_id),
  commune: {
    id: Number(row.commune_id),
    code: String(row.commune_code),
    name: String(row.commune_name),
  },
  sheetNo: Number(row.sheet_no),
  parcelNo: Number(row.parcel_no),
  computedArea: Number(row.computed_area),
  legalArea: row.legal_area === null ? null : Number(row.legal_area),
  landUses: (row.land_uses as ParcelDetails['landUses']).map((use) => ({
    ...use,
    area: Number(use.area),
  })),
});

const toDetails = (row: Record<string, unknown>): ParcelDetails => ({
  ...parcelFacts(row),
  planZones: (row.plan_zones as ParcelDetails['planZones']).map((zone) => ({
    ...zone,
    area: Number(zone.area),
  })),
  bbox: (row.bbox as number[]).map(Number) as ParcelDetails['bbox'],
});

/** Public details of a current parcel (run it as the public role), or undefined. */
export async function publicParcelDetails(
  db: pg.ClientBase,
  parcelId: number,
): Promise<ParcelDetails | undefined> {
  const { rows } = await db.query(detailsSql('planning.disclosed_zone'), [parcelId]);
  return rows[0] ? toDetails(rows[0]) : undefined;
}

/**
 * Staff details: everything public plus certificate numbers, the land address, every
 * plan zone (disclosed or not) and, when `withHolders`, the current holders.
 */
export async function staffParcelDetails(
  db: pg.Pool | pg.ClientBase,
  parcelId: number,
  withHolders: (communeId: number) => boolean,
): Promise<ParcelDetails | undefined> {
  const { rows } = await db.query(detailsSql('planning.plan_zone_with_plan'), [parcelId]);
  const row = rows[0];
  if (!row) return undefined;
  const { rows: extra } = await db.query(
    `SELECT version_no, cert_sheet_no, cert_parcel_no, land_address FROM cadastre.parcel_version WHERE id = $1`,
    [row.version_id],
  );
  const details: ParcelDetails = {
    ...toDetails(row),
    versionNo: extra[0].version_no,
    certificateNumbers: { sheetNo: extra[0].cert_sheet_no, parcelNo: extra[0].cert_parcel_no },
    landAddress: extra[0].land_address,
  };
  if (!withHolders(details.commune.id)) return details;
  const { rows: holders } = await db.query(
    `SELECT pa.full_name AS name, pa.kind, r.right_kind, r.share, c.serial_no
     FROM registry.parcel_right r
     JOIN registry.party pa ON pa.id = r.party_id
     LEFT JOIN registry.certificate c ON c.id = r.certificate_id
     WHERE r.parcel_id = $1 AND upper_inf(r.valid)
     ORDER BY r.share DESC, pa.full_name`,
    [parcelId],
  );
  details.holders = holders.map((holder) => ({
    name: holder.name,
    kind: holder.kind,
    rightKind: holder.right_kind,
    share: Number(holder.share),
    certificateSerial: holder.serial_no,
  }));
  return details;
}
