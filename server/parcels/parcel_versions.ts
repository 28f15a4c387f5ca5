import type pg from 'pg';
import { DiagisError } from '../../core/errors/diagis_error';

/** A parcel as one of its versions describes it. */
export interface ParcelVersion {
  parcelId: number;
  versionId: number;
  versionNo: number;
  validFrom: Date;
  validTo: Date | null;
  communeId: number;
  sheetNo: number;
  parcelNo: number;
  zoneSrid: number;
  computedArea: number;
  legalArea: number | null;
  landAddress: string | null;
  sourceKind: string;
  sourceRef: string | null;
  reason: string | null;
  authorId: number | null;
  landUses: { code: string; area: number; originalCode: string | null }[];
}

/** What a revision may change; anything left out is carried over from the previous version. */
export interface ParcelChanges {
  /** New boundary as a GeoJSON Polygon or MultiPolygon in the parcel's own zone CRS. */
  geometry?: object;
  /** New boundary as hex EWKB in any CRS (the edit path, after its checks); wins over `geometry`. */
  geometryEwkb?: string;
  legalArea?: number | null;
  landAddress?: string | null;
  sheetNo?: number;
  parcelNo?: number;
  landUses?: { code: string; area: number; originalCode?: string | null }[];
}

export interface Revision {
  parcelId: number;
  /** The version the writer saw; a different current version means someone else wrote first. */
  expectedVersionNo: number;
  changes: ParcelChanges;
  source: {
    kind: 'survey' | 'import' | 'dossier' | 'undo';
    ref?: string | null;
    dossierId?: number | null;
  };
  reason: string;
  authorId: number | null;
  /** When the new version takes effect (the transaction's clock by default). */
  at: Date;
}

/** The ETag of a parcel version; If-Match must send it back. */
export const versionTag = (versionNo: number): string => `"v${versionNo}"`;

/**
 * The version an edit was based on is no longer the parcel's current one
 * (`precondition_failed`). The caller named that version in If-Match, so the error names the
 * header and carries the current version's ETag.
 */
export class StaleVersionError extends DiagisError {
  override name = 'StaleVersionError';
  /** What happened, without the header's name: for callers that sent none (a replay). */
  readonly reason: string;
  constructor(
    readonly parcelId: number,
    readonly expected: number,
    readonly actual: number,
  ) {
    const reason = `parcel ${parcelId} is at version ${actual}, not ${expected}: reload it and apply the change again`;
    super('precondition_failed', `If-Match: ${reason}`, {
      field: 'If-Match',
      headers: { ETag: versionTag(actual) },
    });
    this.reason = reason;
  }
}

/** The parcel does not exist, or has been retired (`not_found`). */
export class ParcelNotFoundError extends DiagisError {
  override name = 'ParcelNotFoundError';
  constructor(message: string) {
    super('not_found', message);
  }
}

const versionColumns = `
  v.parcel_id, v.id AS version_id, v.version_no, lower(v.valid) AS valid_from, upper(v.valid) AS valid_to,
  v.commune_id, v.sheet_no, v.parcel_no, v.zone_srid, v.computed_area, v.legal_area, v.land_address,
  v.source_kind, v.source_ref, v.reason, v.author_id,
  (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'area', lu.area, 'originalCode', lu.original_code)
                            ORDER BY lu.seq), '[]')
     FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id) AS land_uses`;

const toVersion = (row: Record<string, unknown>): ParcelVersion => ({
  parcelId: Number(row.parcel_id),
  versionId: Number(row.version_id),
  versionNo: Number(row.version_no),
  validFrom: row.valid_from as Date,
  validTo: (row.valid_to as Date | null) ?? null,
  communeId: Number(row.commune_id),
  sheetNo: Number(row.sheet_no),
  parcelNo: Number(row.parcel_no),
  zoneSrid: Number(row.zone_srid),
  computedArea: Number(row.computed_area),
  legalArea: row.legal_area === null ? null : Number(row.legal_area),
  landAddress: (row.land_address as string | null) ?? null,
  sourceKind: String(row.source_kind),
  sourceRef: (row.source_ref as string | null) ?? null,
  reason: (row.reason as string | null) ?? null,
  authorId: row.author_id === null ? null : Number(row.author_id),
  landUses: (row.land_uses as ParcelVersion['landUses']).map((use) => ({
    ...use,
    area: Number(use.area),
  })),
});

/** Every committed version of a parcel, oldest first. */
export async function parcelHistory(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
): Promise<ParcelVersion[]> {
  const { rows } = await db.query(
    `SELECT ${versionColumns} FROM cadastre.parcel_version v
     WHERE v.parcel_id = $1 AND v.status = 'committed' ORDER BY v.version_no`,
    [parcelId],
  );
  return rows.map(toVersion);
}

/** The version that was in force at instant `at`, or undefined if the parcel did not exist then. */
export async function parcelAt(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
  at: Date,
): Promise<ParcelVersion | undefined> {
  const { rows } = await db.query(
    `SELECT ${versionColumns} FROM cadastre.parcel_version v
     WHERE v.parcel_id = $1 AND v.status = 'committed' AND v.valid @> $2::timestamptz`,
    [parcelId, at],
  );
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/**
 * The parcel "as of date D": the version in force at the end of calendar day D in
 * Vietnam (Asia/Ho_Chi_Minh), so an edit made during D is included.
 */
export async function parcelAsOfDate(
  db: pg.ClientBase | pg.Pool,
  parcelId: number,
  date: string,
): Promise<ParcelVersion | undefined> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`date must be YYYY-MM-DD, got ${date}`);
  const { rows } = await db.query(
    `SELECT (($1::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 microsecond' AS at`,
    [date],
  );
  return parcelAt(db, parcelId, rows[0].at);
}

/**
 * Writes a new version of a parcel: closes the current one at `at` and inserts the next
 * with the changes applied and everything else carried over. Call inside a transaction.
 * Throws StaleVersionError when the current version is not `expectedVersionNo`.
 */
export async function reviseParcel(
  client: pg.ClientBase,
  revision: Revision,
): Promise<ParcelVersion> {
  const { rows: current } = await client.query(
    `SELECT id, version_no FROM cadastre.parcel_version
     WHERE parcel_id = $1 AND status = 'committed' AND upper_inf(valid) FOR UPDATE`,
    [revision.parcelId],
  );
  const previous = current[0];
  if (!previous)
    throw new ParcelNotFoundError(`parcel ${revision.parcelId} does not exist or has been retired`);
  if (previous.version_no !== revision.expectedVersionNo) {
    throw new StaleVersionError(revision.parcelId, revision.expectedVersionNo, previous.version_no);
  }
  await client.query(
    `UPDATE cadastre.parcel_version SET valid = tstzrange(lower(valid), $2) WHERE id = $1`,
    [previous.id, revision.at],
  );
  const { changes } = revision;
  const { rows: inserted } = await client.query(
    `INSERT INTO cadastre.parcel_version (
       parcel_id, version_no, status, valid, commune_id, sheet_no, parcel_no, map_sheet_id,
       cert_sheet_no, cert_parcel_no, old_sheet_no, old_parcel_no, zone_srid, geom, legal_area, land_address,
       source_kind, source_ref, dossier_id, reason, author_id)
     SELECT parcel_id, version_no + 1, 'committed', tstzrange($2, NULL), commune_id,
            coalesce($3, sheet_no), coalesce($4, parcel_no), map_sheet_id,
            cert_sheet_no, cert_parcel_no, old_sheet_no, old_parcel_no, zone_srid,
            CASE WHEN $15::text IS NOT NULL
                   THEN ST_Multi(ST_Transform(ST_GeomFromEWKB(decode($15::text, 'hex')), zone_srid))
                 WHEN $5::text IS NULL THEN geom
                 ELSE ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5::text), zone_srid)) END,
            CASE WHEN $6 THEN $7::numeric ELSE legal_area END,
            CASE WHEN $8 THEN $9::text ELSE land_address END,
            $10, $11, $12, $13, $14
     FROM cadastre.parcel_version WHERE id = $1
     RETURNING id`,
    [
      previous.id,
      revision.at,
      changes.sheetNo ?? null,
      changes.parcelNo ?? null,
      changes.geometry ? JSON.stringify(changes.geometry) : null,
      'legalArea' in changes,
      changes.legalArea ?? null,
      'landAddress' in changes,
      changes.landAddress ?? null,
      revision.source.kind,
      revision.source.ref ?? null,
      revision.source.dossierId ?? null,
      revision.reason,
      revision.authorId,
      changes.geometryEwkb ?? null,
    ],
  );
  const versionId = inserted[0].id as number;
  if (changes.landUses) {
    await client.query(
      `INSERT INTO cadastre.parcel_land_use (version_id, seq, code, area, original_code)
       SELECT $1, ord, use ->> 'code', (use ->> 'area')::numeric, use ->> 'originalCode'
       FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS uses(use, ord)`,
      [versionId, JSON.stringify(changes.landUses)],
    );
  } else {
    await client.query(
      `INSERT INTO cadastre.parcel_land_use (version_id, seq, code, area, original_code)
       SELECT $1, seq, code, area, original_code FROM cadastre.parcel_land_use WHERE version_id = $2`,
      [versionId, previous.id],
    );
  }
  const written = await parcelAt(client, revision.parcelId, revision.at);
  if (!written)
    throw new Error(
      `version ${versionId} of parcel ${revision.parcelId} was not readable after writing`,
    );
  return written;
}
