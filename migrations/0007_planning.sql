-- Land-use plans (quy hoạch / kế hoạch sử dụng đất) and their zones. Only zones of a
-- published plan that are marked disclosed ever reach the public.
CREATE SCHEMA planning;

CREATE TABLE planning.plan (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('master_plan', 'annual_plan')),
  period_start smallint NOT NULL,
  period_end smallint NOT NULL,
  province_id integer REFERENCES admin.unit (id),
  decision_no text,
  decision_date date,
  approved_by text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'withdrawn')),
  published_at timestamptz,
  withdrawn_at timestamptz,
  CHECK (period_end >= period_start),
  CHECK (status <> 'published' OR (published_at IS NOT NULL AND decision_no IS NOT NULL AND decision_date IS NOT NULL))
);

CREATE TABLE planning.plan_zone (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id integer NOT NULL REFERENCES planning.plan (id),
  planned_use_code text NOT NULL REFERENCES ref.land_use_code (code),
  name text,
  commune_id integer REFERENCES admin.unit (id),
  zone_srid integer NOT NULL REFERENCES ref.crs (srid),
  geom geometry(MultiPolygon) NOT NULL CHECK (ST_SRID(geom) = zone_srid),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  area double precision GENERATED ALWAYS AS (ST_Area(geom)) STORED,
  disclosed boolean NOT NULL DEFAULT false,
  published_at timestamptz,
  CHECK (NOT disclosed OR published_at IS NOT NULL)
);
CREATE INDEX plan_zone_plan_idx ON planning.plan_zone (plan_id);
CREATE INDEX plan_zone_geom_3857_idx ON planning.plan_zone USING gist (geom_3857);

CREATE VIEW planning.disclosed_zone AS
  SELECT z.id, z.plan_id, p.name AS plan_name, p.decision_no, p.decision_date,
         z.planned_use_code, z.name, z.commune_id, z.zone_srid, z.geom, z.geom_3857, z.area,
         z.published_at
  FROM planning.plan_zone z
  JOIN planning.plan p ON p.id = z.plan_id
  WHERE z.disclosed AND p.status = 'published';
