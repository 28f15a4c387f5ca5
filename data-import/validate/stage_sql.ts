// SQL of the staging step: the parsed features COPYed into a temporary table, checked there
// set-wise (one statement per rule), and the problems collected per feature. Every value
// is a bind parameter; the only table names are these constants.

/** The staging table, dropped with the transaction. */
export const createStage = `
  CREATE TEMP TABLE import_stage (
    feature_no integer PRIMARY KEY, commune_code text, sheet_no integer, parcel_no integer,
    legal_area numeric, uses text, original_uses text, holder text, address text,
    geom geometry, lon double precision, lat double precision,
    attributes jsonb, raw_geometry jsonb, problems jsonb,
    commune_id integer, failed boolean NOT NULL DEFAULT false, repaired boolean NOT NULL DEFAULT false,
    action text, existing_version_id bigint, existing_version_no integer,
    parcel_id bigint, version_id bigint
  ) ON COMMIT DROP;
  CREATE TEMP TABLE import_issue (
    feature_no integer NOT NULL, severity text NOT NULL, rule text NOT NULL, message text NOT NULL,
    location geometry(Point, 4326)
  ) ON COMMIT DROP`;

/** Problems the reader found (rings, codes, text, numbers, outside the province). */
export const readerProblems = `
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT s.feature_no, p ->> 'severity', p ->> 'rule', p ->> 'message',
         CASE WHEN s.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) END
  FROM import_stage s CROSS JOIN LATERAL jsonb_array_elements(s.problems) AS p
  WHERE s.problems IS NOT NULL`;

/** Commune codes to the commune they name (the latest unit with that code). */
export const resolveCommunes = `
  WITH commune AS (
    SELECT DISTINCT ON (code) code, id FROM admin.unit WHERE level = 'commune'
    ORDER BY code, upper(valid) DESC NULLS FIRST
  )
  UPDATE import_stage s SET commune_id = c.id FROM commune c WHERE c.code = s.commune_code`;

export const unknownCommunes = `
  INSERT INTO import_issue (feature_no, severity, rule, message)
  SELECT feature_no, 'error', 'unknown_commune', format('commune code %s is not an administrative unit', commune_code)
  FROM import_stage WHERE commune_id IS NULL AND commune_code ~ '^[0-9]{2,5}$'`;

/** Invalid geometry with PostGIS's reason and place ($1: true to repair with ST_MakeValid). */
export const invalidGeometry = `
  WITH checked AS (
    SELECT s.feature_no, d.reason, ST_SetSRID(d.location, ST_SRID(s.geom)) AS location, s.geom
    FROM import_stage s CROSS JOIN LATERAL ST_IsValidDetail(s.geom) AS d
    WHERE s.geom IS NOT NULL AND NOT d.valid
  ), fixed AS (
    SELECT c.feature_no, c.reason, c.location,
           CASE WHEN $1 THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(c.geom), 3)) END AS repaired
    FROM checked c
  ), applied AS (
    UPDATE import_stage s SET geom = f.repaired, repaired = true
    FROM fixed f WHERE s.feature_no = f.feature_no AND f.repaired IS NOT NULL AND NOT ST_IsEmpty(f.repaired)
    RETURNING s.feature_no
  )
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT f.feature_no,
         CASE WHEN f.feature_no IN (SELECT feature_no FROM applied) THEN 'repaired' ELSE 'error' END,
         'invalid_geometry',
         format('invalid geometry: %s at %s %s%s', f.reason, round(ST_X(f.location)::numeric, 3), round(ST_Y(f.location)::numeric, 3),
                CASE WHEN f.feature_no IN (SELECT feature_no FROM applied) THEN ' (repaired with ST_MakeValid)' ELSE '' END),
         ST_Transform(f.location, 4326)
  FROM fixed f`;

/** The same (commune, sheet, parcel) more than once in the file: every copy is refused. */
export const duplicatesInFile = `
  WITH counted AS (
    SELECT feature_no, commune_code, sheet_no, parcel_no,
           array_agg(feature_no) OVER (PARTITION BY commune_code, sheet_no, parcel_no) AS copies
    FROM import_stage WHERE sheet_no IS NOT NULL AND parcel_no IS NOT NULL AND commune_code IS NOT NULL
  )
  INSERT INTO import_issue (feature_no, severity, rule, message)
  SELECT feature_no, 'error', 'duplicate_in_file',
         format('commune %s sheet %s parcel %s appears %s times in the file (features %s)',
                commune_code, sheet_no, parcel_no, cardinality(copies), array_to_string(copies, ', '))
  FROM counted WHERE cardinality(copies) > 1`;

/** Area on record against the area of the geometry in the VN-2000 plane ($1: percent). */
export const areaMismatch = `
  INSERT INTO import_issue (feature_no, severity, rule, message)
  SELECT feature_no, 'error', 'area_mismatch',
         format('area on record %s m² differs from the computed %s m² by %s %% (limit %s %%)',
                legal_area, round(ST_Area(geom)::numeric, 1),
                round((abs(ST_Area(geom) - legal_area) / legal_area * 100)::numeric, 1), $1::numeric)
  FROM import_stage
  WHERE geom IS NOT NULL AND legal_area > 0 AND ST_IsValid(geom)
    AND abs(ST_Area(geom) - legal_area) / legal_area * 100 > $1`;

/** Which current parcel each feature would update, and whether anything differs. */
export const classify = `
  WITH current AS (
    SELECT s.feature_no, v.id, v.version_no,
           ST_AsEWKB(v.geom) = ST_AsEWKB(s.geom)
           AND v.legal_area IS NOT DISTINCT FROM round(s.legal_area, 1)
           AND v.land_address IS NOT DISTINCT FROM s.address
           AND (SELECT string_agg(lu.code, ',' ORDER BY lu.seq) FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id)
               IS NOT DISTINCT FROM s.uses AS same
    FROM import_stage s
    JOIN cadastre.parcel_version v
      ON v.commune_id = s.commune_id AND v.sheet_no = s.sheet_no AND v.parcel_no = s.parcel_no
     AND v.status = 'committed' AND upper_inf(v.valid)
  )
  UPDATE import_stage s
  SET existing_version_id = c.id, existing_version_no = c.version_no,
      action = CASE WHEN c.id IS NULL THEN 'create' WHEN c.same THEN 'unchanged' ELSE 'revise' END
  FROM import_stage s2 LEFT JOIN current c USING (feature_no)
  WHERE s2.feature_no = s.feature_no`;

/** With onExisting = reject: a parcel already in the database with other values is an error. */
export const duplicatesInDatabase = `
  INSERT INTO import_issue (feature_no, severity, rule, message)
  SELECT feature_no, 'error', 'duplicate_in_database',
         format('commune %s sheet %s parcel %s already exists with other values (version %s)',
                commune_code, sheet_no, parcel_no, existing_version_no)
  FROM import_stage WHERE action = 'revise'`;

/** Overlap with a current parcel (other than the one the feature updates) beyond $1 m². */
export const overlapsExisting = `
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT s.feature_no, 'error', 'overlaps_existing',
         format('overlaps parcel %s (commune %s sheet %s parcel %s) by %s m² (tolerance %s m²)',
                o.parcel_id, o.commune_code, o.sheet_no, o.parcel_no, round(o.area::numeric, 1), $1::numeric),
         ST_Transform(ST_PointOnSurface(o.shared), 4326)
  FROM import_stage s
  CROSS JOIN LATERAL (
    SELECT v.parcel_id, u.code AS commune_code, v.sheet_no, v.parcel_no, ST_Area(x.shared) AS area, x.shared
    FROM cadastre.parcel_version v
    JOIN admin.unit u ON u.id = v.commune_id
    CROSS JOIN LATERAL (SELECT ST_Intersection(v.geom, s.geom) AS shared) AS x
    WHERE v.status = 'committed' AND upper_inf(v.valid) AND v.zone_srid = ST_SRID(s.geom)
      AND v.geom && s.geom AND v.id IS DISTINCT FROM s.existing_version_id
      AND ST_Intersects(v.geom, s.geom)
    ORDER BY ST_Area(x.shared) DESC LIMIT 1
  ) AS o
  WHERE s.geom IS NOT NULL AND ST_IsValid(s.geom) AND o.area > $1`;

/**
 * Marks the features with an error and, in the same pass, hands out the ids the others will
 * be written under: a new parcel id for new parcels, a version id for new and revised ones.
 */
export const settle = `
  WITH bad AS (SELECT DISTINCT feature_no FROM import_issue WHERE severity = 'error')
  UPDATE import_stage s
  SET failed = b.feature_no IS NOT NULL,
      parcel_id = CASE WHEN b.feature_no IS NOT NULL THEN NULL
                       WHEN s.action = 'create' THEN nextval(pg_get_serial_sequence('cadastre.parcel', 'id'))
                       ELSE v.parcel_id END,
      version_id = CASE WHEN b.feature_no IS NULL AND s.action IN ('create', 'revise')
                        THEN nextval(pg_get_serial_sequence('cadastre.parcel_version', 'id')) END
  FROM import_stage s2
  LEFT JOIN bad b ON b.feature_no = s2.feature_no
  LEFT JOIN cadastre.parcel_version v ON v.id = s2.existing_version_id
  WHERE s2.feature_no = s.feature_no`;

/** The report: issues with the feature's key, into the permanent table ($1: job). */
export const saveIssues = `
  INSERT INTO imports.feature_issue (job_id, feature_no, severity, rule, message, commune_code, sheet_no, parcel_no, location)
  SELECT $1, i.feature_no, i.severity, i.rule, i.message, s.commune_code, s.sheet_no, s.parcel_no, i.location
  FROM import_issue i JOIN import_stage s USING (feature_no)
  ORDER BY i.feature_no`;

/** Features with errors, kept for a surveyor ($1: job). */
export const saveQuarantine = `
  INSERT INTO imports.quarantine (job_id, feature_no, attributes, geom, raw_geometry, rules)
  SELECT $1, s.feature_no,
         coalesce(s.attributes, jsonb_build_object('commune', s.commune_code, 'sheet', s.sheet_no, 'parcel', s.parcel_no,
                  'area', s.legal_area, 'landUse', s.original_uses, 'holder', s.holder, 'address', s.address)),
         s.geom, s.raw_geometry, r.rules
  FROM import_stage s
  JOIN (SELECT feature_no, array_agg(DISTINCT rule) AS rules FROM import_issue WHERE severity = 'error'
        GROUP BY feature_no) AS r USING (feature_no)
  WHERE s.failed`;

/** Counts per outcome and per rule, for the report. */
export const summary = `
  SELECT count(*) FILTER (WHERE NOT failed AND action = 'create') AS created,
         count(*) FILTER (WHERE NOT failed AND action = 'revise') AS revised,
         count(*) FILTER (WHERE NOT failed AND action = 'unchanged') AS unchanged,
         count(*) FILTER (WHERE failed) AS failed,
         count(*) FILTER (WHERE repaired AND NOT failed) AS repaired,
         (SELECT coalesce(jsonb_object_agg(rule, n), '{}') FROM
            (SELECT rule, count(DISTINCT feature_no) AS n FROM import_issue GROUP BY rule) r) AS rules
  FROM import_stage`;
