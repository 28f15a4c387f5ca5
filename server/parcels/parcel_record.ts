import type pg from 'pg';
import { parcelFacts } from './parcel_details';
import { parcelAsOfDate } from './parcel_versions';

/** Parents and children of a parcel through splits and merges. */
export interface Lineage {
  parents: { parcelId: number; kind: 'split' | 'merge' }[];
  children: { parcelId: number; kind: 'split' | 'merge' }[];
}

/** What a version says about where it came from, and its boundary (WGS84 GeoJSON). */
export interface VersionMeta {
  versionNo: number;
  validFrom: Date;
  validTo: Date | null;
  source: { kind: string; ref: string | null; dossierId: number | null };
  reason: string | null;
  author: { id: number; name: string } | null;
  geometry: object;
}

/** A version of a parcel as the history and "as of date" answers show it. */
export interface VersionRecord extends VersionMeta {
  parcelId: number;
  commune: { id: number; code: string; name: string };
  sheetNo: number;
  parcelNo: number;
  computedArea: number;
  legalArea: number | null;
  landAddress: string | null;
  landUses: { code: string; name: string; area: number }[];
}

const versionSql = `
  SELECT v.parcel_id, v.version_no, lower(v.valid) AS valid_from, upper(v.valid) AS valid_to,
         v.source_kind, v.source_ref, v.dossier_id, v.reason, v.author_id, a.display_name AS author_name,
         ST_AsGeoJSON(ST_Transform(v.geom, 4326), 9)::json AS geometry,
         v.commune_id, u.code AS commune_code, u.name AS commune_name, v.sheet_no, v.parcel_no,
         round(v.computed_area::numeric, 1) AS computed_area, v.legal_area, v.land_address,
         (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'name', c.name_vi, 'area', lu.area) ORDER BY lu.seq), '[]')
            FROM cadastre.parcel_land_use lu JOIN ref.land_use_code c ON c.code = lu.code
           WHERE lu.version_id = v.id) AS land_uses
  FROM cadastre.parcel_version v
  JOIN admin.unit u ON u.id = v.commune_id
  LEFT JOIN auth.app_user a ON a.id = v.author_id`;

const toRecord = (row: Record<string, unknown>): VersionRecord => ({
  versionNo: Number(row.version_no),
  validFrom: row.valid_from as Date,
  validTo: (row.valid_to as Date | null) ?? null,
  source: {
    kind: String(row.source_kind),
    ref: (row.source_ref as string | null) ?? null,
    dossierId: row.dossier_id === null ? null : Number(row.dossier_id),
  },
  reason: (row.reason as string | null) ?? null,
  author:
    row.author_id === null ? null : { id: Number(row.author_id), name: String(row.author_name) },
  geometry: row.geometry as object,
  ...parcelFacts(row),
  landAddress: (row.land_address as string | null) ?? null,
});

/** The current version's metadata and boundary, or undefined when the parcel is not current. */
export async function currentVersionMeta(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
): Promise<VersionRecord | undefined> {
  const { rows } = await db.query(
    `${versionSql} WHERE v.parcel_id = $1 AND v.status = 'committed' AND upper_inf(v.valid)`,
    [parcelId],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** The version in force at the end of day `date` (Vietnam time), or undefined. */
export async function versionAsOf(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
  date: string,
): Promise<VersionRecord | undefined> {
  const version = await parcelAsOfDate(db, parcelId, date);
  if (!version) return undefined;
  const { rows } = await db.query(`${versionSql} WHERE v.id = $1`, [version.versionId]);
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Every committed version, oldest first, with source, author and boundary. */
export async function versionHistory(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
): Promise<VersionRecord[]> {
  const { rows } = await db.query(
    `${versionSql} WHERE v.parcel_id = $1 AND v.status = 'committed' ORDER BY v.version_no`,
    [parcelId],
  );
  return rows.map(toRecord);
}

/** Split and merge relations of a parcel, both ways. */
export async function parcelLineage(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
): Promise<Lineage> {
  const { rows } = await db.query(
    `SELECT
       (SELECT coalesce(json_agg(json_build_object('parcelId', parent_parcel_id, 'kind', kind) ORDER BY parent_parcel_id), '[]')
          FROM cadastre.parcel_lineage WHERE child_parcel_id = $1) AS parents,
       (SELECT coalesce(json_agg(json_build_object('parcelId', child_parcel_id, 'kind', kind) ORDER BY child_parcel_id), '[]')
          FROM cadastre.parcel_lineage WHERE parent_parcel_id = $1) AS children`,
    [parcelId],
  );
  const toLinks = (links: { parcelId: number | string; kind: 'split' | 'merge' }[]) =>
    links.map((link) => ({ parcelId: Number(link.parcelId), kind: link.kind }));
  return { parents: toLinks(rows[0].parents), children: toLinks(rows[0].children) };
}

/** When a parcel that exists stopped being current, or undefined if it never existed. */
export async function retirement(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
): Promise<{ retiredAt: Date | null } | undefined> {
  const { rows } = await db.query(
    `SELECT max(upper(valid)) AS retired_at, bool_or(upper_inf(valid)) AS current
     FROM cadastre.parcel_version WHERE parcel_id = $1 AND status = 'committed'`,
    [parcelId],
  );
  const row = rows[0];
  if (!row || row.current === null) return undefined;
  return { retiredAt: row.current ? null : (row.retired_at as Date) };
}

/** Current parcels with a commune (code), sheet and optionally a number. */
export async function listParcels(
  db: pg.ClientBase | pg.Pool,
  filter: {
    communeCode: string;
    sheetNo?: number | undefined;
    parcelNo?: number | undefined;
    limit: number;
  },
): Promise<object[]> {
  const { rows } = await db.query(
    `SELECT p.parcel_id, p.version_no, u.code, u.name, p.sheet_no, p.parcel_no,
            round(p.computed_area::numeric, 1) AS computed_area
     FROM cadastre.current_parcel p JOIN admin.unit u ON u.id = p.commune_id
     WHERE u.code = $1 AND ($2::int IS NULL OR p.sheet_no = $2) AND ($3::int IS NULL OR p.parcel_no = $3)
     ORDER BY p.sheet_no, p.parcel_no LIMIT $4`,
    [filter.communeCode, filter.sheetNo ?? null, filter.parcelNo ?? null, filter.limit],
  );
  return rows.map((row) => ({
    parcelId: Number(row.parcel_id),
    versionNo: Number(row.version_no),
    commune: { code: row.code, name: row.name },
    sheetNo: Number(row.sheet_no),
    parcelNo: Number(row.parcel_no),
    computedArea: Number(row.computed_area),
  }));
}

/** Current parcels meeting a WGS84 box, as a GeoJSON FeatureCollection (for snapping). */
export async function parcelFeatures(
  db: pg.ClientBase | pg.Pool,
  bbox: [number, number, number, number],
  limit: number,
): Promise<{ type: 'FeatureCollection'; features: object[] }> {
  const { rows } = await db.query(
    `SELECT coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', f.parcel_id,
              'geometry', ST_AsGeoJSON(ST_Transform(f.geom, 4326), 9)::json,
              'properties', json_build_object('parcelId', f.parcel_id, 'versionNo', f.version_no,
                                              'sheetNo', f.sheet_no, 'parcelNo', f.parcel_no))), '[]') AS features
     FROM (SELECT p.parcel_id, p.version_no, p.sheet_no, p.parcel_no, p.geom
           FROM cadastre.current_parcel p
           WHERE p.geom_3857 && ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 3857)
           ORDER BY p.parcel_id LIMIT $5) f`,
    [...bbox, limit],
  );
  return { type: 'FeatureCollection', features: rows[0].features };
}
