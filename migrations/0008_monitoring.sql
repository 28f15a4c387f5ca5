-- Environmental monitoring: stations, parameters, observations, and the national
-- technical regulations (QCVN) as data, so a new circular is a data change.
CREATE SCHEMA monitoring;

CREATE TABLE monitoring.parameter (
  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.+-]{1,32}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  unit text NOT NULL,
  medium text NOT NULL CHECK (medium IN ('water', 'air'))
);

CREATE TABLE monitoring.standard (
  code text PRIMARY KEY,
  title text NOT NULL,
  medium text NOT NULL CHECK (medium IN ('water', 'air')),
  effective_from date NOT NULL,
  superseded_by text REFERENCES monitoring.standard (code)
);

-- One bound per (standard, parameter, class, averaging period). Water standards use
-- classes (A/B/C, A1..B2) and no averaging; air standards use averaging periods.
CREATE TABLE monitoring.standard_limit (
  standard_code text NOT NULL REFERENCES monitoring.standard (code),
  parameter_code text NOT NULL REFERENCES monitoring.parameter (code),
  class text NOT NULL DEFAULT '',
  averaging text NOT NULL DEFAULT '' CHECK (averaging IN ('', '1h', '8h', '24h', 'year')),
  lower_bound numeric,
  upper_bound numeric,
  note text,
  PRIMARY KEY (standard_code, parameter_code, class, averaging),
  CHECK (lower_bound IS NOT NULL OR upper_bound IS NOT NULL)
);

CREATE TABLE monitoring.station (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  medium text NOT NULL CHECK (medium IN ('water', 'air')),
  commune_id integer REFERENCES admin.unit (id),
  water_body text,
  standard_code text REFERENCES monitoring.standard (code),
  -- The class of the applicable standard the water body must meet (e.g. B for a canal).
  target_class text,
  geom geometry(Point, 4326) NOT NULL,
  geom_3857 geometry(Point, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  operator text,
  installed_on date,
  active boolean NOT NULL DEFAULT true,
  api_key_hash bytea
);
CREATE INDEX station_geom_3857_idx ON monitoring.station USING gist (geom_3857);

CREATE TABLE monitoring.observation (
  station_id integer NOT NULL REFERENCES monitoring.station (id),
  parameter_code text NOT NULL REFERENCES monitoring.parameter (code),
  observed_at timestamptz NOT NULL,
  averaging text NOT NULL DEFAULT '' CHECK (averaging IN ('', '1h', '8h', '24h', 'year')),
  value double precision NOT NULL CHECK (value = value AND value <> 'Infinity' AND value <> '-Infinity'),
  -- '<' when below the detection limit (value is then the limit)
  qualifier text CHECK (qualifier IN ('<', '>')),
  source text NOT NULL DEFAULT 'manual',
  PRIMARY KEY (station_id, parameter_code, observed_at, averaging)
);

INSERT INTO monitoring.parameter (code, name_vi, name_en, unit, medium) VALUES
  ('pH', 'pH', 'pH', '-', 'water'),
  ('DO', 'Oxy hòa tan', 'Dissolved oxygen', 'mg/L', 'water'),
  ('BOD5', 'Nhu cầu oxy sinh hóa (BOD5)', 'Biochemical oxygen demand (BOD5)', 'mg/L', 'water'),
  ('COD', 'Nhu cầu oxy hóa học (COD)', 'Chemical oxygen demand (COD)', 'mg/L', 'water'),
  ('TOC', 'Tổng cacbon hữu cơ', 'Total organic carbon', 'mg/L', 'water'),
  ('TSS', 'Tổng chất rắn lơ lửng', 'Total suspended solids', 'mg/L', 'water'),
  ('NH4-N', 'Amoni (tính theo N)', 'Ammonium (as N)', 'mg/L', 'water'),
  ('NO2-N', 'Nitrit (tính theo N)', 'Nitrite (as N)', 'mg/L', 'water'),
  ('NO3-N', 'Nitrat (tính theo N)', 'Nitrate (as N)', 'mg/L', 'water'),
  ('PO4-P', 'Phosphat (tính theo P)', 'Phosphate (as P)', 'mg/L', 'water'),
  ('TP', 'Tổng phospho', 'Total phosphorus', 'mg/L', 'water'),
  ('TN', 'Tổng nitơ', 'Total nitrogen', 'mg/L', 'water'),
  ('Cl', 'Clorua', 'Chloride', 'mg/L', 'water'),
  ('Coliform', 'Tổng Coliform', 'Total coliform', 'MPN/100mL', 'water'),
  ('E.coli', 'E. coli', 'E. coli', 'MPN/100mL', 'water'),
  ('SO2', 'Lưu huỳnh đioxit', 'Sulphur dioxide', 'µg/Nm3', 'air'),
  ('CO', 'Cacbon monoxit', 'Carbon monoxide', 'µg/Nm3', 'air'),
  ('NO2', 'Nitơ đioxit', 'Nitrogen dioxide', 'µg/Nm3', 'air'),
  ('O3', 'Ozon', 'Ozone', 'µg/Nm3', 'air'),
  ('TSP', 'Tổng bụi lơ lửng', 'Total suspended particulates', 'µg/Nm3', 'air'),
  ('PM10', 'Bụi PM10', 'PM10', 'µg/Nm3', 'air'),
  ('PM2.5', 'Bụi PM2.5', 'PM2.5', 'µg/Nm3', 'air');

INSERT INTO monitoring.standard (code, title, medium, effective_from) VALUES
  ('QCVN 08:2023/BTNMT', 'Quy chuẩn kỹ thuật quốc gia về chất lượng nước mặt', 'water', '2024-02-28'),
  ('QCVN 05:2023/BTNMT', 'Quy chuẩn kỹ thuật quốc gia về chất lượng không khí', 'air', '2024-02-28');
INSERT INTO monitoring.standard (code, title, medium, effective_from, superseded_by) VALUES
  ('QCVN 08-MT:2015/BTNMT', 'Quy chuẩn kỹ thuật quốc gia về chất lượng nước mặt (2015)', 'water', '2016-01-01', 'QCVN 08:2023/BTNMT');

-- QCVN 08:2023/BTNMT, classification table (classes A/B/C; worse than C is D).
INSERT INTO monitoring.standard_limit (standard_code, parameter_code, class, lower_bound, upper_bound) VALUES
  ('QCVN 08:2023/BTNMT', 'pH', 'A', 6.5, 8.5), ('QCVN 08:2023/BTNMT', 'pH', 'B', 6.0, 8.5), ('QCVN 08:2023/BTNMT', 'pH', 'C', 6.0, 8.5),
  ('QCVN 08:2023/BTNMT', 'BOD5', 'A', NULL, 4), ('QCVN 08:2023/BTNMT', 'BOD5', 'B', NULL, 6), ('QCVN 08:2023/BTNMT', 'BOD5', 'C', NULL, 10),
  ('QCVN 08:2023/BTNMT', 'COD', 'A', NULL, 10), ('QCVN 08:2023/BTNMT', 'COD', 'B', NULL, 15), ('QCVN 08:2023/BTNMT', 'COD', 'C', NULL, 20),
  ('QCVN 08:2023/BTNMT', 'TOC', 'A', NULL, 4), ('QCVN 08:2023/BTNMT', 'TOC', 'B', NULL, 6), ('QCVN 08:2023/BTNMT', 'TOC', 'C', NULL, 8),
  ('QCVN 08:2023/BTNMT', 'DO', 'A', 6.0, NULL), ('QCVN 08:2023/BTNMT', 'DO', 'B', 5.0, NULL), ('QCVN 08:2023/BTNMT', 'DO', 'C', 4.0, NULL),
  ('QCVN 08:2023/BTNMT', 'TP', 'A', NULL, 0.1), ('QCVN 08:2023/BTNMT', 'TP', 'B', NULL, 0.3), ('QCVN 08:2023/BTNMT', 'TP', 'C', NULL, 0.5),
  ('QCVN 08:2023/BTNMT', 'TN', 'A', NULL, 0.6), ('QCVN 08:2023/BTNMT', 'TN', 'B', NULL, 1.5), ('QCVN 08:2023/BTNMT', 'TN', 'C', NULL, 2.0),
  ('QCVN 08:2023/BTNMT', 'Coliform', 'A', NULL, 1000), ('QCVN 08:2023/BTNMT', 'Coliform', 'B', NULL, 5000), ('QCVN 08:2023/BTNMT', 'Coliform', 'C', NULL, 7500),
  ('QCVN 08:2023/BTNMT', 'E.coli', 'A', NULL, 200), ('QCVN 08:2023/BTNMT', 'E.coli', 'B', NULL, 1000), ('QCVN 08:2023/BTNMT', 'E.coli', 'C', NULL, 1500);
-- QCVN 08:2023/BTNMT, human-health table: one limit for every class.
INSERT INTO monitoring.standard_limit (standard_code, parameter_code, class, upper_bound, note) VALUES
  ('QCVN 08:2023/BTNMT', 'NH4-N', 'health', 0.3, 'Bảng 1 - bảo vệ sức khỏe con người'),
  ('QCVN 08:2023/BTNMT', 'NO2-N', 'health', 0.05, 'Bảng 1 - bảo vệ sức khỏe con người'),
  ('QCVN 08:2023/BTNMT', 'Cl', 'health', 250, 'Bảng 1 - bảo vệ sức khỏe con người');
-- QCVN 08-MT:2015/BTNMT (columns A1/A2/B1/B2), for older data.
INSERT INTO monitoring.standard_limit (standard_code, parameter_code, class, lower_bound, upper_bound) VALUES
  ('QCVN 08-MT:2015/BTNMT', 'pH', 'A1', 6, 8.5), ('QCVN 08-MT:2015/BTNMT', 'pH', 'A2', 6, 8.5), ('QCVN 08-MT:2015/BTNMT', 'pH', 'B1', 5.5, 9), ('QCVN 08-MT:2015/BTNMT', 'pH', 'B2', 5.5, 9),
  ('QCVN 08-MT:2015/BTNMT', 'DO', 'A1', 6, NULL), ('QCVN 08-MT:2015/BTNMT', 'DO', 'A2', 5, NULL), ('QCVN 08-MT:2015/BTNMT', 'DO', 'B1', 4, NULL), ('QCVN 08-MT:2015/BTNMT', 'DO', 'B2', 2, NULL),
  ('QCVN 08-MT:2015/BTNMT', 'BOD5', 'A1', NULL, 4), ('QCVN 08-MT:2015/BTNMT', 'BOD5', 'A2', NULL, 6), ('QCVN 08-MT:2015/BTNMT', 'BOD5', 'B1', NULL, 15), ('QCVN 08-MT:2015/BTNMT', 'BOD5', 'B2', NULL, 25),
  ('QCVN 08-MT:2015/BTNMT', 'COD', 'A1', NULL, 10), ('QCVN 08-MT:2015/BTNMT', 'COD', 'A2', NULL, 15), ('QCVN 08-MT:2015/BTNMT', 'COD', 'B1', NULL, 30), ('QCVN 08-MT:2015/BTNMT', 'COD', 'B2', NULL, 50),
  ('QCVN 08-MT:2015/BTNMT', 'TSS', 'A1', NULL, 20), ('QCVN 08-MT:2015/BTNMT', 'TSS', 'A2', NULL, 30), ('QCVN 08-MT:2015/BTNMT', 'TSS', 'B1', NULL, 50), ('QCVN 08-MT:2015/BTNMT', 'TSS', 'B2', NULL, 100),
  ('QCVN 08-MT:2015/BTNMT', 'NH4-N', 'A1', NULL, 0.3), ('QCVN 08-MT:2015/BTNMT', 'NH4-N', 'A2', NULL, 0.3), ('QCVN 08-MT:2015/BTNMT', 'NH4-N', 'B1', NULL, 0.9), ('QCVN 08-MT:2015/BTNMT', 'NH4-N', 'B2', NULL, 0.9),
  ('QCVN 08-MT:2015/BTNMT', 'NO3-N', 'A1', NULL, 2), ('QCVN 08-MT:2015/BTNMT', 'NO3-N', 'A2', NULL, 5), ('QCVN 08-MT:2015/BTNMT', 'NO3-N', 'B1', NULL, 10), ('QCVN 08-MT:2015/BTNMT', 'NO3-N', 'B2', NULL, 15),
  ('QCVN 08-MT:2015/BTNMT', 'PO4-P', 'A1', NULL, 0.1), ('QCVN 08-MT:2015/BTNMT', 'PO4-P', 'A2', NULL, 0.2), ('QCVN 08-MT:2015/BTNMT', 'PO4-P', 'B1', NULL, 0.3), ('QCVN 08-MT:2015/BTNMT', 'PO4-P', 'B2', NULL, 0.5),
  ('QCVN 08-MT:2015/BTNMT', 'Coliform', 'A1', NULL, 2500), ('QCVN 08-MT:2015/BTNMT', 'Coliform', 'A2', NULL, 5000), ('QCVN 08-MT:2015/BTNMT', 'Coliform', 'B1', NULL, 7500), ('QCVN 08-MT:2015/BTNMT', 'Coliform', 'B2', NULL, 10000);
-- QCVN 05:2023/BTNMT ambient air (µg/Nm3), by averaging period.
INSERT INTO monitoring.standard_limit (standard_code, parameter_code, averaging, upper_bound) VALUES
  ('QCVN 05:2023/BTNMT', 'SO2', '1h', 350), ('QCVN 05:2023/BTNMT', 'SO2', '24h', 125), ('QCVN 05:2023/BTNMT', 'SO2', 'year', 50),
  ('QCVN 05:2023/BTNMT', 'CO', '1h', 30000), ('QCVN 05:2023/BTNMT', 'CO', '8h', 10000),
  ('QCVN 05:2023/BTNMT', 'NO2', '1h', 200), ('QCVN 05:2023/BTNMT', 'NO2', '24h', 100), ('QCVN 05:2023/BTNMT', 'NO2', 'year', 40),
  ('QCVN 05:2023/BTNMT', 'O3', '1h', 200), ('QCVN 05:2023/BTNMT', 'O3', '8h', 120),
  ('QCVN 05:2023/BTNMT', 'TSP', '1h', 300), ('QCVN 05:2023/BTNMT', 'TSP', '24h', 200), ('QCVN 05:2023/BTNMT', 'TSP', 'year', 100),
  ('QCVN 05:2023/BTNMT', 'PM10', '24h', 100), ('QCVN 05:2023/BTNMT', 'PM10', 'year', 50),
  ('QCVN 05:2023/BTNMT', 'PM2.5', '24h', 50), ('QCVN 05:2023/BTNMT', 'PM2.5', 'year', 25);
