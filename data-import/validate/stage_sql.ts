// SQL of the staging step: the parsed features COPYed into a temporary table, checked there
// set-wise in a few passes, and the problems collected per feature. Every value is a bind
// parameter; the only table names are these constants.
//
// The passes (profiled on 50,000-200,000 features):
//   0. during the COPY itself, stored generated columns of the staging table compute each
//      geometry's validity and area: the database does that on one core while the parse
//      worker reads and reprojects the next features on the other.
//   1. `checkFeatures`: ONE scan of the staging table computes, per feature, the commune,
//      ST_IsValidDetail's reason and place for the invalid ones (and the ST_MakeValid repair
//      on request), duplicates in the file (a narrow hash aggregate) and the current version
//      with the same number (index on (commune, sheet, parcel)), into the narrow import_feature.
//   2. `collectIssues`: every per-feature rule from import_feature (and the reader's own
//      problems) in one INSERT.
//   3. `overlapsExisting` and `overlapsInFile`: only for the pairs whose bounding boxes
//      share more than the tolerance, found from the boxes (`FeatureBoxes`, flatbush);
//      ST_Intersection runs only for those.
//   4. `settle`: the features without an error and the ids they will be written under.

/** The staging table (the COPY target) and the issue list, dropped with the transaction. */
export const createStage = `
  CREATE TEMP TABLE import_stage (
    feature_no integer NOT NULL, commune_code text, sheet_no integer, parcel_no integer,
    legal_area numeric, uses text, original_uses text, holder text, address text,
    geom geometry, lon double precision, lat double precision,
    attributes jsonb, raw_geometry jsonb, problems jsonb,
    geom_valid boolean GENERATED ALWAYS AS ((ST_IsValidDetail(geom)).valid) STORED,
    geom_area double precision GENERATED ALWAYS AS (ST_Area(geom)) STORED
  ) ON COMMIT DROP;
  CREATE TEMP TABLE import_issue (
    feature_no integer NOT NULL, severity text NOT NULL, rule text NOT NULL, message text NOT NULL,
    location geometry(Point, 4326)
  ) ON COMMIT DROP`;

/**
 * Statistics for the planner (row count, the key columns): the staging table is filled by
 * COPY and autovacuum never sees it. The geometry's histogram is left out: it cost as much
 * as the rest, and the overlap join's shape does not depend on it.
 */
export const analyzeStage = 'ANALYZE import_stage (feature_no, commune_code, sheet_no, parcel_no)';

/**
 * Pass 1 ($1: true to repair invalid geometry with ST_MakeValid). One row per feature with
 * everything the rules and the write need except the geometry itself (which stays in the
 * staging table; a repaired one is written back by `applyRepairs`).
 */
export const checkFeatures = `
  CREATE TEMP TABLE import_feature ON COMMIT DROP AS
  WITH commune AS (
    SELECT DISTINCT ON (code) code, id FROM admin.unit WHERE level = 'commune'
    ORDER BY code, upper(valid) DESC NULLS FIRST
  ), repeated AS (
    SELECT commune_code, sheet_no, parcel_no, count(*) AS copies
    FROM import_stage WHERE commune_code IS NOT NULL AND sheet_no IS NOT NULL AND parcel_no IS NOT NULL
    GROUP BY commune_code, sheet_no, parcel_no HAVING count(*) > 1
  ), checked AS (
    SELECT s.feature_no, s.commune_code, s.sheet_no, s.parcel_no, s.legal_area, s.uses, s.original_uses,
           s.holder, s.address, s.lon, s.lat, s.problems, s.geom, s.geom_area, c.id AS commune_id, r.copies,
           s.geom_valid AS valid, d.reason, ST_SetSRID(d.location, ST_SRID(s.geom)) AS location,
           CASE WHEN $1 AND NOT s.geom_valid THEN ST_Multi(ST_CollectionExtract(ST_MakeValid(s.geom), 3)) END AS made_valid
    FROM import_stage s
    LEFT JOIN commune c ON c.code = s.commune_code
    LEFT JOIN repeated r
      ON r.commune_code = s.commune_code AND r.sheet_no = s.sheet_no AND r.parcel_no = s.parcel_no
    -- the reason and place only for the invalid ones (the filter gates the call)
    LEFT JOIN LATERAL (SELECT * FROM ST_IsValidDetail(s.geom) WHERE NOT s.geom_valid) AS d ON true
  ), settled AS (
    SELECT ch.*, coalesce(ch.made_valid IS NOT NULL AND NOT ST_IsEmpty(ch.made_valid), false) AS repaired
    FROM checked ch
  ), final AS (
    SELECT st.*, CASE WHEN st.repaired THEN st.made_valid ELSE st.geom END AS final_geom,
           coalesce(st.valid OR (st.repaired AND ST_IsValid(st.made_valid)), false) AS geom_valid
    FROM settled st
  )
  SELECT x.feature_no, x.commune_code, x.sheet_no, x.parcel_no, x.legal_area, x.uses, x.original_uses,
         x.holder, x.address, x.lon, x.lat, x.problems, x.commune_id, x.copies,
         x.geom IS NOT NULL AND NOT x.valid AS invalid, x.reason, x.location, x.repaired,
         CASE WHEN x.repaired THEN x.made_valid END AS repaired_geom,
         x.geom_valid,
         CASE WHEN x.repaired AND x.geom_valid THEN ST_Area(x.final_geom) WHEN x.geom_valid THEN x.geom_area END AS area,
         v.id AS existing_version_id, v.version_no AS existing_version_no, v.parcel_id AS existing_parcel_id,
         CASE WHEN v.id IS NULL THEN 'create'
              WHEN ST_AsEWKB(v.geom) = ST_AsEWKB(x.final_geom)
                   AND v.legal_area IS NOT DISTINCT FROM round(x.legal_area, 1)
                   AND v.land_address IS NOT DISTINCT FROM x.address
                   AND (SELECT string_agg(lu.code, ',' ORDER BY lu.seq) FROM cadastre.parcel_land_use lu
                        WHERE lu.version_id = v.id) IS NOT DISTINCT FROM x.uses
              THEN 'unchanged' ELSE 'revise' END AS action
  FROM final x
  LEFT JOIN cadastre.parcel_version v
    ON v.commune_id = x.commune_id AND v.sheet_no = x.sheet_no AND v.parcel_no = x.parcel_no
   AND v.status = 'committed' AND upper_inf(v.valid)`;

/** Repaired geometry replaces the staged one (rare: only with onError = repair). */
export const applyRepairs = `
  UPDATE import_stage s SET geom = f.repaired_geom
  FROM import_feature f WHERE f.repaired AND f.feature_no = s.feature_no`;

/**
 * Pass 2 ($1: area tolerance in percent, $2: true when onExisting = reject): the reader's
 * problems (rings, codes, text, numbers, outside the province) and every per-feature rule.
 */
export const collectIssues = `
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT f.feature_no, p ->> 'severity', p ->> 'rule', p ->> 'message',
         CASE WHEN f.lon IS NOT NULL THEN ST_SetSRID(ST_MakePoint(f.lon, f.lat), 4326) END
  FROM import_feature f CROSS JOIN LATERAL jsonb_array_elements(f.problems) AS p
  WHERE f.problems IS NOT NULL
  UNION ALL
  SELECT feature_no, 'error', 'unknown_commune', format('commune code %s is not an administrative unit', commune_code), NULL
  FROM import_feature WHERE commune_id IS NULL AND commune_code ~ '^[0-9]{2,5}$'
  UNION ALL
  SELECT feature_no, CASE WHEN repaired THEN 'repaired' ELSE 'error' END, 'invalid_geometry',
         format('invalid geometry: %s at %s %s%s', reason, round(ST_X(location)::numeric, 3), round(ST_Y(location)::numeric, 3),
                CASE WHEN repaired THEN ' (repaired with ST_MakeValid)' ELSE '' END),
         ST_Transform(location, 4326)
  FROM import_feature WHERE invalid
  UNION ALL
  SELECT feature_no, 'error', 'duplicate_in_file',
         format('commune %s sheet %s parcel %s appears %s times in the file (features %s)',
                commune_code, sheet_no, parcel_no, copies,
                string_agg(feature_no::text, ', ') OVER (
                  PARTITION BY commune_code, sheet_no, parcel_no ORDER BY feature_no
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)),
         NULL
  FROM import_feature WHERE copies > 1
  UNION ALL
  SELECT feature_no, 'error', 'area_mismatch',
         format('area on record %s m² differs from the computed %s m² by %s %% (limit %s %%)',
                legal_area, round(area::numeric, 1),
                round((abs(area - legal_area) / legal_area * 100)::numeric, 1), $1::numeric),
         NULL
  FROM import_feature
  WHERE geom_valid AND legal_area > 0 AND abs(area - legal_area) / legal_area * 100 > $1
  UNION ALL
  SELECT feature_no, 'error', 'duplicate_in_database',
         format('commune %s sheet %s parcel %s already exists with other values (version %s)',
                commune_code, sheet_no, parcel_no, existing_version_no),
         NULL
  FROM import_feature WHERE $2 AND action = 'revise'`;

/**
 * Pass 3 input ($1: the zone; $2-$5: the staged extent, from the parse worker's boxes): the
 * current parcels of the zone within the extent, each with its bounding box. One range
 * scan of their GiST index; none at all for a file away from the existing map.
 */
export const existingBoxes = `
  SELECT v.id, ST_XMin(v.geom) AS min_x, ST_YMin(v.geom) AS min_y, ST_XMax(v.geom) AS max_x,
         ST_YMax(v.geom) AS max_y
  FROM cadastre.parcel_version v
  WHERE v.status = 'committed' AND upper_inf(v.valid) AND v.zone_srid = $1
    AND v.geom && ST_MakeEnvelope($2, $3, $4, $5, $1)`;

/**
 * Pass 3 ($1: tolerance in m²; $2, $3: the candidate pairs, feature numbers and the current
 * parcel versions whose boxes share more than the tolerance with theirs, found from the
 * boxes with `FeatureBoxes.pairsWith`): the largest overlap of each feature with a current
 * parcel (other than the one it updates) above the tolerance; of equal overlaps, the oldest
 * parcel. No other pair can overlap by more (the intersection lies inside both boxes), so
 * only these reach GEOS, and the pair of a feature and the version it updates (a
 * re-imported map pairs every feature so) is dropped before anything is read.
 */
export const overlapsExisting = `
  WITH candidate AS MATERIALIZED (
    SELECT c.feature_no, c.version_id
    FROM unnest($2::integer[], $3::bigint[]) AS c(feature_no, version_id)
    JOIN import_feature f ON f.feature_no = c.feature_no
    WHERE f.geom_valid AND c.version_id IS DISTINCT FROM f.existing_version_id
  ), measured AS (
    SELECT c.feature_no, v.parcel_id, v.commune_id, v.sheet_no, v.parcel_no, x.shared, ST_Area(x.shared) AS area
    FROM candidate c
    JOIN cadastre.parcel_version v ON v.id = c.version_id
    JOIN import_stage s ON s.feature_no = c.feature_no
    CROSS JOIN LATERAL (SELECT ST_Intersection(v.geom, s.geom) AS shared) AS x
    WHERE ST_Intersects(v.geom, s.geom)
  )
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT DISTINCT ON (m.feature_no) m.feature_no, 'error', 'overlaps_existing',
         format('overlaps parcel %s (commune %s sheet %s parcel %s) by %s m² (tolerance %s m²)',
                m.parcel_id, u.code, m.sheet_no, m.parcel_no, round(m.area::numeric, 1), $1::numeric),
         ST_Transform(ST_PointOnSurface(m.shared), 4326)
  FROM measured m JOIN admin.unit u ON u.id = m.commune_id
  WHERE m.area > $1
  ORDER BY m.feature_no, m.area DESC, m.parcel_id`;

/**
 * Pass 3b ($1: tolerance in m²; $2, $3: feature numbers of the candidate pairs, earlier and
 * later in file order): two features of the same file that overlap each other by more than
 * the tolerance; the later one is refused, naming the earlier. The candidates are the pairs
 * whose boxes share more than the tolerance, found by the parse worker (`FeatureBoxes`):
 * no other pair can overlap by more, so neighbours that only share an edge never get here
 * (this replaced 200,000 probes of a GiST index on the staged features, about 3-6 s).
 */
export const overlapsInFile = `
  WITH pair AS MATERIALIZED (
    SELECT a.feature_no AS first_no, b.feature_no, a.geom AS first_geom, b.geom
    FROM unnest($2::integer[], $3::integer[]) AS c(first_no, feature_no)
    JOIN import_stage a ON a.feature_no = c.first_no
    JOIN import_stage b ON b.feature_no = c.feature_no
  ), measured AS (
    SELECT p.feature_no, p.first_no, s.shared, ST_Area(s.shared) AS area
    FROM pair p
    JOIN import_feature fa ON fa.feature_no = p.first_no AND fa.geom_valid
    JOIN import_feature fb ON fb.feature_no = p.feature_no AND fb.geom_valid
    CROSS JOIN LATERAL (SELECT ST_Intersection(p.first_geom, p.geom) AS shared) AS s
    WHERE ST_Intersects(p.first_geom, p.geom)
  )
  INSERT INTO import_issue (feature_no, severity, rule, message, location)
  SELECT DISTINCT ON (m.feature_no) m.feature_no, 'error', 'overlaps_in_file',
         format('overlaps feature %s of the same file (sheet %s parcel %s) by %s m² (tolerance %s m²)',
                m.first_no, f.sheet_no, f.parcel_no, round(m.area::numeric, 1), $1::numeric),
         ST_Transform(ST_PointOnSurface(m.shared), 4326)
  FROM measured m JOIN import_feature f ON f.feature_no = m.first_no
  WHERE m.area > $1
  ORDER BY m.feature_no, m.area DESC, m.first_no`;

/**
 * Pass 4 ($1, $2, $3: the identity sequences of cadastre.parcel, cadastre.parcel_version and
 * registry.party): the features without an error, with the parcel id (new or existing), the
 * version id (new and revised parcels) and a party id when the holder is not among the
 * parcel's current holders (always, for a new parcel). Ids follow the file's order.
 */
export const settle = `
  CREATE TEMP TABLE import_write ON COMMIT DROP AS
  SELECT f.feature_no, f.action, f.existing_version_id, f.existing_version_no, f.repaired,
         f.commune_id, f.sheet_no, f.parcel_no, f.legal_area, f.uses, f.original_uses, f.holder,
         f.address, f.area,
         CASE WHEN f.action = 'create' THEN nextval($1::regclass) ELSE f.existing_parcel_id END AS parcel_id,
         CASE WHEN f.action IN ('create', 'revise') THEN nextval($2::regclass) END AS version_id,
         CASE WHEN f.holder IS NOT NULL AND (f.action = 'create' OR NOT EXISTS (
                SELECT 1 FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id
                WHERE r.parcel_id = f.existing_parcel_id AND upper_inf(r.valid) AND p.full_name = f.holder))
              THEN nextval($3::regclass) END AS party_id
  FROM import_feature f
  WHERE NOT EXISTS (SELECT 1 FROM import_issue i WHERE i.severity = 'error' AND i.feature_no = f.feature_no)
  ORDER BY f.feature_no`;

/** The identity sequences `settle` draws from. */
export const sequences = `
  SELECT pg_get_serial_sequence('cadastre.parcel', 'id') AS parcel,
         pg_get_serial_sequence('cadastre.parcel_version', 'id') AS version,
         pg_get_serial_sequence('registry.party', 'id') AS party`;

/** The report: issues with the feature's key, into the permanent table ($1: job). */
export const saveIssues = `
  INSERT INTO imports.feature_issue (job_id, feature_no, severity, rule, message, commune_code, sheet_no, parcel_no, location)
  SELECT $1, i.feature_no, i.severity, i.rule, i.message, f.commune_code, f.sheet_no, f.parcel_no, i.location
  FROM import_issue i JOIN import_feature f USING (feature_no)
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
        GROUP BY feature_no) AS r USING (feature_no)`;

/** Counts per outcome and per rule, for the report. */
export const summary = `
  SELECT count(*) FILTER (WHERE action = 'create') AS created,
         count(*) FILTER (WHERE action = 'revise') AS revised,
         count(*) FILTER (WHERE action = 'unchanged') AS unchanged,
         (SELECT count(*) FROM import_feature) - count(*) AS failed,
         count(*) FILTER (WHERE repaired) AS repaired,
         (SELECT coalesce(jsonb_object_agg(rule, n), '{}') FROM
            (SELECT rule, count(DISTINCT feature_no) AS n FROM import_issue GROUP BY rule) r) AS rules
  FROM import_write`;

/**
 * Up to 256 MB of local buffers for the staging tables (with the default 8 MB, a 200,000
 * feature stage is written out to temporary files), when this session has not touched a
 * temporary table yet; otherwise PostgreSQL refuses the change and the current size stays.
 * Local buffers are allocated as used and freed when the session ends.
 */
export const enlargeTempBuffers = `
  DO $$ BEGIN
    PERFORM set_config('temp_buffers', '256MB', true);
  EXCEPTION WHEN OTHERS THEN NULL;
  END $$`;
