// SQL that writes the checked features (import_write, with their ids handed out by the
// settle pass) set-wise: one statement per table, so statement triggers (audit in bulk
// mode, tile dirty marks) run once per import. Only parcel versions read the staging table
// (for the geometry, reprojected once, in the worker); the rest reads the narrow rows.
// $1 is always the source reference naming the job ("import-job:42").

export const insertParcels = `
  INSERT INTO cadastre.parcel (id) OVERRIDING SYSTEM VALUE
  SELECT parcel_id FROM import_write WHERE action = 'create' ORDER BY feature_no`;

/** Closes the current version of every parcel that gets a new one. */
export const closeRevised = `
  UPDATE cadastre.parcel_version v SET valid = tstzrange(lower(v.valid), now())
  FROM import_write w
  WHERE w.action = 'revise' AND v.id = w.existing_version_id`;

/**
 * $1 source ref, $2 reason, $3 author. In the staging table's order, which is the file's
 * (the ids were handed out in that order).
 */
export const insertVersions = `
  INSERT INTO cadastre.parcel_version (
    id, parcel_id, version_no, status, valid, commune_id, sheet_no, parcel_no, map_sheet_id,
    zone_srid, geom, legal_area, land_address, source_kind, source_ref, reason, author_id)
  OVERRIDING SYSTEM VALUE
  SELECT w.version_id, w.parcel_id, coalesce(w.existing_version_no, 0) + 1, 'committed', tstzrange(now(), NULL),
         w.commune_id, w.sheet_no, w.parcel_no, m.id, ST_SRID(s.geom), s.geom, round(w.legal_area, 1), w.address,
         'import', $1, $2, $3
  FROM import_stage s
  JOIN import_write w ON w.feature_no = s.feature_no
  LEFT JOIN cadastre.map_sheet m ON m.commune_id = w.commune_id AND m.sheet_no = w.sheet_no
  WHERE w.action IN ('create', 'revise')`;

/** Up to three uses, the area shared equally when the file gives one area for several uses. */
export const insertLandUses = `
  INSERT INTO cadastre.parcel_land_use (version_id, seq, code, original_code, area)
  SELECT w.version_id, u.seq, u.code, nullif(o.original, u.code),
         greatest(0.1, round(coalesce(w.legal_area, w.area::numeric) / cardinality(string_to_array(w.uses, ',')), 1))
  FROM import_write w
  CROSS JOIN LATERAL unnest(string_to_array(w.uses, ',')) WITH ORDINALITY AS u(code, seq)
  JOIN LATERAL unnest(string_to_array(w.original_uses, ',')) WITH ORDINALITY AS o(original, seq) ON o.seq = u.seq
  WHERE w.action IN ('create', 'revise')`;

/** The holders of existing parcels whose holder changes: close their current rights. */
export const closeOldRights = `
  UPDATE registry.parcel_right r SET valid = tstzrange(lower(r.valid), now())
  FROM import_write w
  WHERE w.party_id IS NOT NULL AND w.action <> 'create' AND r.parcel_id = w.parcel_id
    AND upper_inf(r.valid) AND lower(r.valid) < now()`;

/** Holders go to the private registry schema, never to the cadastre tables. */
export const insertParties = `
  INSERT INTO registry.party (id, kind, full_name) OVERRIDING SYSTEM VALUE
  SELECT party_id,
         CASE WHEN holder ~* '^(hộ|ho) ' THEN 'household'
              WHEN holder ~* '^(ubnd|ủy ban|uỷ ban|nhà nước)' THEN 'state'
              WHEN holder ~* '^(công ty|cty|doanh nghiệp|hợp tác xã|htx|trường|chùa|nhà thờ)' THEN 'organisation'
              ELSE 'person' END,
         holder
  FROM import_write WHERE party_id IS NOT NULL ORDER BY feature_no`;

export const insertRights = `
  INSERT INTO registry.parcel_right (parcel_id, party_id, right_kind, valid, source_kind, source_ref)
  SELECT parcel_id, party_id, 'land_use', tstzrange(now(), NULL), 'import', $1
  FROM import_write WHERE party_id IS NOT NULL ORDER BY feature_no`;
