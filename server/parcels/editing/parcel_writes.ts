import type pg from 'pg';
import type { LandUseInput } from './attribute_rules';
import type { Ewkb } from './edit_geometry';

/** Where a version comes from, as every version records it. */
export interface VersionSource {
  kind: 'survey' | 'import' | 'dossier' | 'undo';
  ref?: string | null;
  dossierId?: number | null;
}

export interface NewParcel {
  communeId: number;
  sheetNo: number;
  parcelNo: number;
  mapSheetId: number | null;
  zoneSrid: number;
  geometry: Ewkb;
  legalArea?: number | null;
  landAddress?: string | null;
  landUses: readonly LandUseInput[];
}

/** Creates a parcel identity and its first version, valid from `at`. */
export async function insertParcel(
  client: pg.ClientBase,
  parcel: NewParcel,
  meta: { at: Date; source: VersionSource; reason: string; authorId: number | null },
): Promise<{ parcelId: number; versionId: number }> {
  const { rows: identity } = await client.query(
    'INSERT INTO cadastre.parcel DEFAULT VALUES RETURNING id',
  );
  const parcelId = Number(identity[0].id);
  const { rows } = await client.query(
    `INSERT INTO cadastre.parcel_version (
       parcel_id, version_no, status, valid, commune_id, sheet_no, parcel_no, map_sheet_id, zone_srid,
       geom, legal_area, land_address, source_kind, source_ref, dossier_id, reason, author_id)
     VALUES ($1, 1, 'committed', tstzrange($2, NULL), $3, $4, $5, $6, $7,
             ST_Multi(ST_Transform(ST_GeomFromEWKB(decode($8, 'hex')), $7::int)), $9, $10, $11, $12, $13, $14, $15)
     RETURNING id`,
    [
      parcelId,
      meta.at,
      parcel.communeId,
      parcel.sheetNo,
      parcel.parcelNo,
      parcel.mapSheetId,
      parcel.zoneSrid,
      parcel.geometry,
      parcel.legalArea ?? null,
      parcel.landAddress ?? null,
      meta.source.kind,
      meta.source.ref ?? null,
      meta.source.dossierId ?? null,
      meta.reason,
      meta.authorId,
    ],
  );
  const versionId = Number(rows[0].id);
  await insertLandUses(client, versionId, parcel.landUses);
  return { parcelId, versionId };
}

/** Writes the land uses of a version (at most three, in order). */
export async function insertLandUses(
  client: pg.ClientBase,
  versionId: number,
  landUses: readonly LandUseInput[],
): Promise<void> {
  if (landUses.length === 0) return;
  await client.query(
    `INSERT INTO cadastre.parcel_land_use (version_id, seq, code, area, original_code)
     SELECT $1, ord, use ->> 'code', round((use ->> 'area')::numeric, 1), use ->> 'originalCode'
     FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS uses(use, ord)`,
    [versionId, JSON.stringify(landUses)],
  );
}

/** Ends the current version of a parcel at `at` without a successor (split or merged away). */
export async function retireParcel(
  client: pg.ClientBase,
  versionId: number,
  at: Date,
): Promise<void> {
  await client.query(
    `UPDATE cadastre.parcel_version SET valid = tstzrange(lower(valid), $2) WHERE id = $1`,
    [versionId, at],
  );
}

/** Records that `child` came from `parent` by a split or a merge. */
export async function insertLineage(
  client: pg.ClientBase,
  link: {
    parentParcelId: number;
    parentVersionId: number;
    childParcelId: number;
    childVersionId: number;
    kind: 'split' | 'merge';
  },
): Promise<void> {
  await client.query(
    `INSERT INTO cadastre.parcel_lineage (parent_parcel_id, child_parcel_id, kind, parent_version_id, child_version_id)
     VALUES ($1, $2, $3, $4, $5)`,
    [link.parentParcelId, link.childParcelId, link.kind, link.parentVersionId, link.childVersionId],
  );
}

/**
 * The holders stay with the land: the current rights of the parcels a split or merge
 * retires end at `at`, and each new parcel gets the same rights from `at` (without the old
 * certificate, which a new one will replace). A merge carries the rights only when every
 * parent has the same holders with the same shares; otherwise the merged parcel starts
 * without rights and the dossier that merges it registers them.
 */
export async function carryRights(
  client: pg.ClientBase,
  args: { from: readonly number[]; to: readonly number[]; at: Date; source: VersionSource },
): Promise<number> {
  const { rows } = await client.query(
    `SELECT count(DISTINCT holders) AS sets FROM (
       SELECT parcel_id, string_agg(party_id || ':' || right_kind || ':' || share, ',' ORDER BY party_id, right_kind) AS holders
       FROM registry.parcel_right WHERE parcel_id = ANY($1::bigint[]) AND upper_inf(valid)
       GROUP BY parcel_id) h`,
    [args.from],
  );
  const identical = Number(rows[0].sets) <= 1;
  if (identical) {
    await client.query(
      `INSERT INTO registry.parcel_right (parcel_id, party_id, right_kind, share, use_term, valid, source_kind, source_ref, dossier_id)
       SELECT target, r.party_id, r.right_kind, r.share, r.use_term, tstzrange($3, NULL), $4, $5, $6
       FROM unnest($2::bigint[]) AS target,
            (SELECT DISTINCT ON (party_id, right_kind) party_id, right_kind, share, use_term
               FROM registry.parcel_right WHERE parcel_id = ANY($1::bigint[]) AND upper_inf(valid)
              ORDER BY party_id, right_kind, parcel_id) r`,
      [
        args.from,
        args.to,
        args.at,
        args.source.kind === 'dossier' ? 'dossier' : 'survey',
        args.source.ref ?? null,
        args.source.dossierId ?? null,
      ],
    );
  }
  const { rowCount } = await client.query(
    `UPDATE registry.parcel_right SET valid = tstzrange(lower(valid), $2)
     WHERE parcel_id = ANY($1::bigint[]) AND upper_inf(valid)`,
    [args.from, args.at],
  );
  return identical ? (rowCount ?? 0) : 0;
}
