-- Map sheets and parcels. A parcel is a stable identity; everything about it lives in
-- versions with a validity range, so nothing is ever overwritten (ISO 19152 LADM).
CREATE SCHEMA cadastre;

CREATE TABLE cadastre.map_sheet (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The commune the sheet was surveyed under, legacy (pre-2025) units included.
  commune_id integer NOT NULL REFERENCES admin.unit (id),
  sheet_no integer NOT NULL CHECK (sheet_no > 0),
  scale integer NOT NULL CHECK (scale IN (200, 500, 1000, 2000, 5000, 10000)),
  zone_srid integer NOT NULL REFERENCES ref.crs (srid),
  survey_date date,
  surveying_unit text,
  footprint geometry(Polygon) NOT NULL CHECK (ST_SRID(footprint) = zone_srid),
  footprint_3857 geometry(Polygon, 3857) GENERATED ALWAYS AS (ST_Transform(footprint, 3857)) STORED,
  UNIQUE (commune_id, sheet_no)
);
CREATE INDEX map_sheet_footprint_3857_idx ON cadastre.map_sheet USING gist (footprint_3857);

CREATE TABLE cadastre.parcel (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Mã định danh thửa đất, once the national system has assigned one.
  national_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- status: committed versions form the parcel's history (valid = when it was true);
-- pending versions belong to a dossier until it is approved; discarded ones to a
-- rejected dossier. Committed versions never change except that the current one is
-- closed when the next begins.
CREATE TABLE cadastre.parcel_version (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  version_no integer NOT NULL CHECK (version_no > 0),
  status text NOT NULL DEFAULT 'committed' CHECK (status IN ('committed', 'pending', 'discarded')),
  valid tstzrange,
  commune_id integer NOT NULL REFERENCES admin.unit (id),
  sheet_no integer NOT NULL CHECK (sheet_no > 0),
  parcel_no integer NOT NULL CHECK (parcel_no > 0),
  map_sheet_id integer REFERENCES cadastre.map_sheet (id),
  cert_sheet_no integer CHECK (cert_sheet_no > 0),
  cert_parcel_no integer CHECK (cert_parcel_no > 0),
  old_sheet_no integer CHECK (old_sheet_no > 0),
  old_parcel_no integer CHECK (old_parcel_no > 0),
  zone_srid integer NOT NULL REFERENCES ref.crs (srid),
  geom geometry(MultiPolygon) NOT NULL CHECK (ST_SRID(geom) = zone_srid),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  -- Legal areas are computed in the VN-2000 plane, never in Web Mercator.
  computed_area double precision GENERATED ALWAYS AS (ST_Area(geom)) STORED,
  legal_area numeric(14, 1) CHECK (legal_area > 0),
  land_address text,
  source_kind text NOT NULL CHECK (source_kind IN ('survey', 'import', 'dossier', 'demo', 'undo')),
  source_ref text,
  dossier_id bigint,
  reason text,
  author_id integer REFERENCES auth.app_user (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (parcel_id, version_no),
  CHECK ((status = 'committed') = (valid IS NOT NULL)),
  EXCLUDE USING gist (parcel_id WITH =, valid WITH &&) WHERE (status = 'committed')
);
CREATE UNIQUE INDEX parcel_version_current_idx ON cadastre.parcel_version (parcel_id)
  WHERE status = 'committed' AND upper_inf(valid);
CREATE UNIQUE INDEX parcel_version_current_number_idx
  ON cadastre.parcel_version (commune_id, sheet_no, parcel_no)
  WHERE status = 'committed' AND upper_inf(valid);
CREATE INDEX parcel_version_current_geom_3857_idx ON cadastre.parcel_version USING gist (geom_3857)
  WHERE status = 'committed' AND upper_inf(valid);
CREATE INDEX parcel_version_current_geom_idx ON cadastre.parcel_version USING gist (geom)
  WHERE status = 'committed' AND upper_inf(valid);
CREATE INDEX parcel_version_pending_idx ON cadastre.parcel_version (dossier_id) WHERE status = 'pending';

-- Up to three land uses per version, each with its own area.
CREATE TABLE cadastre.parcel_land_use (
  version_id bigint NOT NULL REFERENCES cadastre.parcel_version (id),
  seq smallint NOT NULL CHECK (seq BETWEEN 1 AND 3),
  code text NOT NULL REFERENCES ref.land_use_code (code),
  original_code text,
  area numeric(14, 1) NOT NULL CHECK (area > 0),
  PRIMARY KEY (version_id, seq),
  UNIQUE (version_id, code)
);

-- Split ("is split of") and merge ("is merge of") relations between parcels.
CREATE TABLE cadastre.parcel_lineage (
  parent_parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  child_parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  kind text NOT NULL CHECK (kind IN ('split', 'merge')),
  parent_version_id bigint NOT NULL REFERENCES cadastre.parcel_version (id),
  child_version_id bigint NOT NULL REFERENCES cadastre.parcel_version (id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (parent_parcel_id, child_parcel_id),
  CHECK (parent_parcel_id <> child_parcel_id)
);
CREATE INDEX parcel_lineage_child_idx ON cadastre.parcel_lineage (child_parcel_id);

-- Old versions never change: the only update allowed is closing the open validity range
-- of a committed version, or moving a pending version to committed or discarded.
CREATE FUNCTION cadastre.guard_parcel_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'parcel versions are never deleted (version %)', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  -- Stored generated columns (geom_3857, computed_area) are not computed yet in a BEFORE
  -- trigger, so they are left out; they derive from geom, which is compared.
  IF (to_jsonb(NEW) - 'valid' - 'status' - 'geom_3857' - 'computed_area')
     IS DISTINCT FROM (to_jsonb(OLD) - 'valid' - 'status' - 'geom_3857' - 'computed_area') THEN
    RAISE EXCEPTION 'parcel version % is immutable; write a new version instead', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status = 'committed' AND NOT (
       NEW.status = 'committed' AND upper_inf(OLD.valid)
       AND lower(NEW.valid) = lower(OLD.valid) AND NOT upper_inf(NEW.valid)) THEN
    RAISE EXCEPTION 'committed parcel version % can only be closed, not changed', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status = 'discarded' THEN
    RAISE EXCEPTION 'discarded parcel version % cannot change', OLD.id USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER parcel_version_immutable BEFORE UPDATE OR DELETE ON cadastre.parcel_version
  FOR EACH ROW EXECUTE FUNCTION cadastre.guard_parcel_version();

CREATE TRIGGER parcel_land_use_immutable BEFORE UPDATE OR DELETE ON cadastre.parcel_land_use
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();
CREATE TRIGGER parcel_lineage_immutable BEFORE UPDATE OR DELETE ON cadastre.parcel_lineage
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();

-- The current state of every parcel, without anything personal.
CREATE VIEW cadastre.current_parcel AS
  SELECT v.parcel_id, v.id AS version_id, v.version_no, lower(v.valid) AS valid_from,
         u.code AS commune_code, v.commune_id, v.sheet_no, v.parcel_no, v.map_sheet_id,
         v.cert_sheet_no, v.cert_parcel_no, v.old_sheet_no, v.old_parcel_no,
         v.zone_srid, v.geom, v.geom_3857, v.computed_area, v.legal_area, v.land_address
  FROM cadastre.parcel_version v
  JOIN admin.unit u ON u.id = v.commune_id
  WHERE v.status = 'committed' AND upper_inf(v.valid);
