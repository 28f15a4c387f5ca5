-- Vector tiles: a generalised land-use overview per commune and main use, kept fresh through
-- dirty marks; a change log with NOTIFY so every tile cache (in any process, across
-- restarts) drops exactly the tiles an edit touched; and the parcel view the tiles read.
CREATE SCHEMA tiles;

-- One row per statement that changed what some tiles show: the layers and the EPSG:3857
-- box of the old and new geometries. xid lets a cache that was away replay what it missed.
CREATE TABLE tiles.change_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  layers text[] NOT NULL CHECK (cardinality(layers) > 0),
  min_x double precision NOT NULL,
  min_y double precision NOT NULL,
  max_x double precision NOT NULL,
  max_y double precision NOT NULL
);
CREATE INDEX change_log_xid_idx ON tiles.change_log (xid);
CREATE INDEX change_log_recorded_at_idx ON tiles.change_log (recorded_at);

-- Records a change and tells listeners on channel diagis_tiles (delivered at commit).
CREATE FUNCTION tiles.log_change(p_layers text[], p_box box2d) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  new_id bigint;
BEGIN
  IF p_box IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO tiles.change_log (layers, min_x, min_y, max_x, max_y)
    VALUES (p_layers, ST_XMin(p_box), ST_YMin(p_box), ST_XMax(p_box), ST_YMax(p_box))
    RETURNING id INTO new_id;
  PERFORM pg_notify('diagis_tiles', json_build_object(
    'id', new_id, 'layers', p_layers,
    'bbox', json_build_array(ST_XMin(p_box), ST_YMin(p_box), ST_XMax(p_box), ST_YMax(p_box)))::text);
END
$$;

-- Land use dissolved per commune and main use (the use with the largest area). geom_3857 is
-- the exact union (zooms 13-14); simplified drops parts under 0.25 ha and simplifies by 8 m
-- (zoom 12), coarse drops parts under 1 ha and simplifies by 15 m (zoom 11). Measured on the
-- 1,000,000-parcel demo, that keeps every overview tile under 500 KB.
CREATE TABLE tiles.landuse_overview (
  commune_id integer NOT NULL REFERENCES admin.unit (id),
  code text NOT NULL REFERENCES ref.land_use_code (code),
  parcels integer NOT NULL,
  area double precision NOT NULL,
  geom_3857 geometry(MultiPolygon, 3857) NOT NULL,
  simplified geometry(MultiPolygon, 3857) NOT NULL,
  coarse geometry(MultiPolygon, 3857) NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commune_id, code)
);
CREATE INDEX landuse_overview_geom_idx ON tiles.landuse_overview USING gist (geom_3857);

-- The parts of `geom` at least `min_area` m² large after simplifying by `tolerance` m.
CREATE FUNCTION tiles.generalise(geom geometry, tolerance double precision, min_area double precision)
RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(ST_Multi(ST_Collect(part.geom)), ST_GeomFromText('MULTIPOLYGON EMPTY', 3857))
  FROM ST_Dump(ST_SimplifyPreserveTopology(geom, tolerance)) AS part
  WHERE ST_Area(part.geom) >= min_area
$$;

-- Communes whose overview rows are out of date, with the box where they may change.
CREATE TABLE tiles.landuse_dirty (
  commune_id integer PRIMARY KEY REFERENCES admin.unit (id),
  bbox geometry(Polygon, 3857) NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX landuse_dirty_bbox_idx ON tiles.landuse_dirty USING gist (bbox);

-- Rebuilds the overview rows of the given communes and clears their dirty marks. Used by
-- the tile server (before serving an overview tile), loaders and the CLI. Returns the
-- number of overview rows written.
CREATE FUNCTION tiles.refresh_landuse_overview(commune_ids integer[]) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  written integer;
BEGIN
  DELETE FROM tiles.landuse_dirty WHERE commune_id = ANY (commune_ids);
  DELETE FROM tiles.landuse_overview WHERE commune_id = ANY (commune_ids);
  WITH main_use AS (
    SELECT v.commune_id, main.code, v.computed_area, v.geom_3857
    FROM cadastre.parcel_version v
    CROSS JOIN LATERAL (
      SELECT lu.code FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id
      ORDER BY lu.area DESC, lu.seq LIMIT 1) AS main
    WHERE v.status = 'committed' AND upper_inf(v.valid) AND v.commune_id = ANY (commune_ids)
  ), dissolved AS (
    SELECT commune_id, code, count(*) AS parcels, sum(computed_area) AS area,
           ST_Multi(ST_CollectionExtract(ST_Union(geom_3857), 3)) AS geom
    FROM main_use
    GROUP BY commune_id, code
  )
  INSERT INTO tiles.landuse_overview (commune_id, code, parcels, area, geom_3857, simplified, coarse)
  SELECT commune_id, code, parcels, area, geom, tiles.generalise(geom, 8, 2500), tiles.generalise(geom, 15, 10000)
  FROM dissolved
  WHERE NOT ST_IsEmpty(geom);
  GET DIAGNOSTICS written = ROW_COUNT;
  RETURN written;
END
$$;

-- Refreshes the dirty communes whose box meets `area` (a tile envelope). DELETE ... RETURNING
-- claims them: a tile request (wait) blocks on a commune being rebuilt by someone else and
-- then finds it fresh; the background refresh (no wait) skips it.
CREATE FUNCTION tiles.refresh_dirty_landuse(area geometry, wait boolean DEFAULT true) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  claimed integer[];
BEGIN
  IF wait THEN
    WITH gone AS (
      DELETE FROM tiles.landuse_dirty WHERE bbox && area RETURNING commune_id
    )
    SELECT array_agg(commune_id) INTO claimed FROM gone;
  ELSE
    WITH gone AS (
      DELETE FROM tiles.landuse_dirty WHERE commune_id IN (
        SELECT commune_id FROM tiles.landuse_dirty WHERE bbox && area FOR UPDATE SKIP LOCKED)
      RETURNING commune_id
    )
    SELECT array_agg(commune_id) INTO claimed FROM gone;
  END IF;
  IF claimed IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM tiles.refresh_landuse_overview(claimed);
  RETURN cardinality(claimed);
END
$$;

-- Called with the communes and EPSG:3857 boxes of parcel versions that became or stopped
-- being current: logs the parcel change, marks the communes dirty, and logs the overview
-- change over the whole commune (re-simplifying a commune may move any of its vertices).
CREATE FUNCTION tiles.parcels_changed(commune_ids integer[], boxes geometry[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  overview_box box2d;
BEGIN
  IF cardinality(commune_ids) IS NULL THEN
    RETURN;
  END IF;
  PERFORM tiles.log_change('{parcels}', (SELECT ST_Extent(b) FROM unnest(boxes) AS b));
  WITH touched AS (
    SELECT c.commune_id, ST_SetSRID(ST_Extent(c.box)::geometry, 3857) AS box
    FROM unnest(commune_ids, boxes) AS c(commune_id, box)
    GROUP BY c.commune_id
  ), widened AS (
    SELECT t.commune_id,
           ST_Envelope(ST_Collect(ARRAY[t.box, d.bbox,
             (SELECT ST_SetSRID(ST_Extent(o.geom_3857)::geometry, 3857) FROM tiles.landuse_overview o
              WHERE o.commune_id = t.commune_id)])) AS box
    FROM touched t
    LEFT JOIN tiles.landuse_dirty d ON d.commune_id = t.commune_id
  ), marked AS (
    INSERT INTO tiles.landuse_dirty AS d (commune_id, bbox)
    SELECT commune_id, ST_Envelope(ST_Expand(box, 1)) FROM widened
    ON CONFLICT (commune_id) DO UPDATE
      SET bbox = ST_Envelope(ST_Collect(d.bbox, EXCLUDED.bbox)), marked_at = now()
    RETURNING d.bbox
  )
  SELECT ST_Extent(bbox) INTO overview_box FROM marked;
  PERFORM tiles.log_change('{landuse}', overview_box);
END
$$;

-- Statement-level, from the transition tables: a bulk COPY of many thousand versions costs
-- one call. Only versions that are or were current ('committed', open range) matter.
CREATE FUNCTION tiles.parcel_versions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ids integer[];
  boxes geometry[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(commune_id), array_agg(box) INTO ids, boxes
    FROM (SELECT commune_id, ST_SetSRID(ST_Extent(geom_3857)::geometry, 3857) AS box FROM new_rows
          WHERE status = 'committed' AND upper_inf(valid) GROUP BY commune_id) AS per_commune;
  ELSE
    SELECT array_agg(commune_id), array_agg(box) INTO ids, boxes
    FROM (SELECT commune_id, ST_SetSRID(ST_Extent(geom_3857)::geometry, 3857) AS box
          FROM (SELECT o.commune_id, o.geom_3857 FROM old_rows o
                WHERE o.status = 'committed' AND upper_inf(o.valid)
                UNION ALL
                SELECT n.commune_id, n.geom_3857 FROM new_rows n
                WHERE n.status = 'committed' AND upper_inf(n.valid)) AS current_either
          GROUP BY commune_id) AS per_commune;
  END IF;
  PERFORM tiles.parcels_changed(ids, boxes);
  RETURN NULL;
END
$$;
CREATE TRIGGER tiles_insert AFTER INSERT ON cadastre.parcel_version
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles.parcel_versions_changed();
CREATE TRIGGER tiles_update AFTER UPDATE ON cadastre.parcel_version
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tiles.parcel_versions_changed();

-- Land uses need no trigger of their own: they are written with their version, in the
-- same transaction (and never changed), so the version's trigger above already covers them.

-- The same for the other tile layers: the box of every inserted, updated or deleted row.
-- TG_ARGV[0]: the layers (a text[] literal); TG_ARGV[1]: the EPSG:3857 geometry column.
CREATE FUNCTION tiles.rows_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_box box2d;
  new_box box2d;
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE format('SELECT ST_Extent(%I) FROM old_rows', TG_ARGV[1]) INTO old_box;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    EXECUTE format('SELECT ST_Extent(%I) FROM new_rows', TG_ARGV[1]) INTO new_box;
  END IF;
  PERFORM tiles.log_change(TG_ARGV[0]::text[],
    CASE WHEN old_box IS NULL THEN new_box WHEN new_box IS NULL THEN old_box
         ELSE Box2D(ST_Collect(old_box::geometry, new_box::geometry)) END);
  RETURN NULL;
END
$$;

-- Attaches the three statement triggers (insert, update, delete) of tiles.rows_changed.
CREATE FUNCTION tiles.watch(target regclass, layers text[], geometry_column text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  args text := format('%L, %L', layers::text, geometry_column);
BEGIN
  EXECUTE format('CREATE TRIGGER tiles_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION tiles.rows_changed(%s)', target, args);
  EXECUTE format('CREATE TRIGGER tiles_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows '
                 'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles.rows_changed(%s)', target, args);
  EXECUTE format('CREATE TRIGGER tiles_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION tiles.rows_changed(%s)', target, args);
END
$$;

SELECT tiles.watch('cadastre.map_sheet', '{map_sheets}', 'footprint_3857');
SELECT tiles.watch('planning.plan_zone', '{plan_zones}', 'geom_3857');
SELECT tiles.watch('monitoring.station', '{stations}', 'geom_3857');
-- A unit's code is a property of its parcels (commune_code) as well.
SELECT tiles.watch('admin.unit', '{admin_units,parcels}', 'geom_3857');

-- Publishing or withdrawing a plan shows or hides all of its zones.
CREATE FUNCTION tiles.plans_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM tiles.log_change('{plan_zones}',
    (SELECT ST_Extent(z.geom_3857) FROM planning.plan_zone z
     WHERE z.plan_id IN (SELECT id FROM old_rows UNION SELECT id FROM new_rows)));
  RETURN NULL;
END
$$;
CREATE TRIGGER tiles_update AFTER UPDATE ON planning.plan
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tiles.plans_changed();

-- What a parcel tile shows: current versions only (the WHERE matches the partial GiST index
-- parcel_version_current_geom_3857_idx), the main use (largest area) and all uses, no holders.
CREATE VIEW tiles.parcel_feature AS
  SELECT v.parcel_id, u.code AS commune_code, v.sheet_no, v.parcel_no, uses.main_use, uses.codes AS uses,
         v.legal_area, round(v.computed_area::numeric, 1) AS computed_area, v.geom_3857
  FROM cadastre.parcel_version v
  JOIN admin.unit u ON u.id = v.commune_id
  CROSS JOIN LATERAL (
    SELECT (array_agg(lu.code ORDER BY lu.area DESC, lu.seq))[1] AS main_use,
           string_agg(lu.code, ',' ORDER BY lu.seq) AS codes
    FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id) AS uses
  WHERE v.status = 'committed' AND upper_inf(v.valid);

GRANT USAGE ON SCHEMA tiles TO diagis_public;
GRANT SELECT ON tiles.parcel_feature, tiles.landuse_overview TO diagis_public;
