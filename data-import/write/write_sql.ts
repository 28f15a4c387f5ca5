// SQL that writes the checked staging rows as parcels, set-wise: one statement per table,
// so statement triggers (audit in bulk mode, tile dirty marks) run once per import.
// $1 is always the source reference naming the job ("import-job:42").

export const insertParcels = `
  INSERT INTO cadastre.parcel (id) OVERRIDING SYSTEM VALUE
  SELECT parcel_id FROM import_stage WHERE NOT failed AND action = 'create' ORDER BY feature_no`;

/** Closes the current version of every parcel that gets a new one. */
export const closeRevised = `
  UPDATE cadastre.parcel_version v SET valid = tstzrange(lower(v.valid), now())
  FROM import_stage s
  WHERE NOT s.failed AND s.action = 'revise' AND v.id = s.existing_version_id`;

/** $1 source ref, $2 reason, $3 author. */
export const insertVersions = `
  INSERT INTO cadastre.parcel_version (
    id, parcel_id, version_no, status, valid, commune_id, sheet_no, parcel_no, map_sheet_id,
    zone_srid, geom, legal_area, land_address, source_kind, source_ref, reason, author_id)
  OVERRIDING SYSTEM VALUE
  SELECT s.version_id, s.parcel_id, coalesce(s.existing_version_no, 0) + 1, 'committed', tstzrange(now(), NULL),
         s.commune_id, s.sheet_no, s.parcel_no, m.id, ST_SRID(s.geom), s.geom, round(s.legal_area, 1), s.address,
         'import', $1, $2, $3
  FROM import_stage s
  LEFT JOIN cadastre.map_sheet m ON m.commune_id = s.commune_id AND m.sheet_no = s.sheet_no
  WHERE NOT s.failed AND s.action IN ('create', 'revise')
  ORDER BY s.feature_no`;

/** Up to three uses, the area shared equally when the file gives one area for several uses. */
export const insertLandUses = `
  INSERT INTO cadastre.parcel_land_use (version_id, seq, code, original_code, area)
  SELECT s.version_id, u.seq, u.code, nullif(o.original, u.code),
         greatest(0.1, round(coalesce(s.legal_area, ST_Area(s.geom)::numeric) / cardinality(string_to_array(s.uses, ',')), 1))
  FROM import_stage s
  CROSS JOIN LATERAL unnest(string_to_array(s.uses, ',')) WITH ORDINALITY AS u(code, seq)
  JOIN LATERAL unnest(string_to_array(s.original_uses, ',')) WITH ORDINALITY AS o(original, seq) ON o.seq = u.seq
  WHERE NOT s.failed AND s.action IN ('create', 'revise')`;

/** Features whose holder is not among the current holders of their parcel. */
export const markNewHolders = `
  ALTER TABLE import_stage ADD COLUMN party_id bigint;
  UPDATE import_stage s SET party_id = nextval(pg_get_serial_sequence('registry.party', 'id'))
  WHERE NOT s.failed AND s.holder IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id
    WHERE r.parcel_id = s.parcel_id AND upper_inf(r.valid) AND p.full_name = s.holder)`;

/** The holders of those parcels change: close their current rights. */
export const closeOldRights = `
  UPDATE registry.parcel_right r SET valid = tstzrange(lower(r.valid), now())
  FROM import_stage s
  WHERE s.party_id IS NOT NULL AND r.parcel_id = s.parcel_id AND upper_inf(r.valid) AND lower(r.valid) < now()`;

/** Holders go to the private registry schema, never to the cadastre tables. */
export const insertParties = `
  INSERT INTO registry.party (id, kind, full_name) OVERRIDING SYSTEM VALUE
  SELECT party_id,
         CASE WHEN holder ~* '^(hộ|ho) ' THEN 'household'
              WHEN holder ~* '^(ubnd|ủy ban|uỷ ban|nhà nước)' THEN 'state'
              WHEN holder ~* '^(công ty|cty|doanh nghiệp|hợp tác xã|htx|trường|chùa|nhà thờ)' THEN 'organisation'
              ELSE 'person' END,
         holder
  FROM import_stage WHERE party_id IS NOT NULL ORDER BY feature_no`;

export const insertRights = `
  INSERT INTO registry.parcel_right (parcel_id, party_id, right_kind, valid, source_kind, source_ref)
  SELECT parcel_id, party_id, 'land_use', tstzrange(now(), NULL), 'import', $1
  FROM import_stage WHERE party_id IS NOT NULL ORDER BY feature_no`;
