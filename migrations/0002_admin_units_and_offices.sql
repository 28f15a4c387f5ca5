-- Administrative units with validity periods and the old -> new mapping of the 2025 reform,
-- and the offices that handle land work with the communes each one serves.
CREATE SCHEMA admin;

CREATE TABLE admin.unit (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL CHECK (code ~ '^[0-9]{2,5}$'),
  level text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  -- tỉnh / thành phố; quận / huyện / thị xã / thành phố thuộc tỉnh; xã / phường / thị trấn / đặc khu
  kind text NOT NULL,
  name text NOT NULL,
  name_en text,
  parent_id integer REFERENCES admin.unit (id),
  valid daterange NOT NULL CHECK (NOT isempty(valid)),
  legal_basis text,
  geom geometry(MultiPolygon, 4326),
  geom_3857 geometry(MultiPolygon, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  -- One code means one unit at a time; a code may be reused after the unit it named ended.
  EXCLUDE USING gist (level WITH =, code WITH =, valid WITH &&)
);
CREATE INDEX unit_parent_idx ON admin.unit (parent_id);
CREATE INDEX unit_geom_3857_idx ON admin.unit USING gist (geom_3857);

-- How units were merged, renamed or split: legacy data keep the unit they were made under.
CREATE TABLE admin.unit_succession (
  predecessor_id integer NOT NULL REFERENCES admin.unit (id),
  successor_id integer NOT NULL REFERENCES admin.unit (id),
  effective date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('merged', 'renamed', 'split', 'transferred')),
  legal_basis text,
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
);
CREATE INDEX unit_succession_successor_idx ON admin.unit_succession (successor_id);

CREATE SCHEMA org;

CREATE TABLE org.office (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_-]{2,32}$'),
  name text NOT NULL,
  name_en text,
  -- provincial_lro: Văn phòng Đăng ký đất đai; branch: Chi nhánh VPĐK;
  -- tax: cơ quan thuế; commune_committee: UBND xã; department: Sở NN&MT
  kind text NOT NULL CHECK (kind IN ('provincial_lro', 'branch', 'tax', 'commune_committee', 'department')),
  parent_id integer REFERENCES org.office (id),
  province_id integer REFERENCES admin.unit (id),
  address text,
  phone text,
  active boolean NOT NULL DEFAULT true
);

-- A branch serves a configurable set of communes (not "one district").
CREATE TABLE org.office_jurisdiction (
  office_id integer NOT NULL REFERENCES org.office (id),
  unit_id integer NOT NULL REFERENCES admin.unit (id),
  PRIMARY KEY (office_id, unit_id)
);
CREATE INDEX office_jurisdiction_unit_idx ON org.office_jurisdiction (unit_id);

-- The communes an office serves, with every legacy commune they were formed from,
-- so data made under a pre-2025 commune code stays inside the right jurisdiction.
CREATE FUNCTION org.office_commune_ids(p_office_id integer) RETURNS SETOF integer
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE served(unit_id) AS (
    SELECT unit_id FROM org.office_jurisdiction WHERE office_id = p_office_id
    UNION
    SELECT s.predecessor_id FROM admin.unit_succession s JOIN served ON s.successor_id = served.unit_id
  )
  SELECT unit_id FROM served
$$;
