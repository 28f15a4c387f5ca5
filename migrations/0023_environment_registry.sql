-- Environmental protection registry: commitments, schemes and plans (cam kết / đề án /
-- kế hoạch bảo vệ môi trường) with their project owner, location and approval decision.
-- The public reads environment.public_record: no owner address or contact, and the owner's
-- name only when the owner is an organisation (an individual's name is personal data).
CREATE SCHEMA environment;

CREATE TABLE environment.protection_record (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('commitment', 'scheme', 'plan')),
  project_name text NOT NULL CHECK (length(project_name) BETWEEN 1 AND 300),
  owner_kind text NOT NULL CHECK (owner_kind IN ('organisation', 'individual')),
  owner_name text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 300),
  owner_address text,
  owner_contact text,
  commune_id integer REFERENCES admin.unit (id),
  geom geometry(Geometry, 4326) NOT NULL
    CHECK (GeometryType(geom) IN ('POINT', 'POLYGON', 'MULTIPOLYGON') AND ST_IsValid(geom)),
  geom_3857 geometry(Geometry, 3857) GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
  approving_body text NOT NULL CHECK (length(approving_body) BETWEEN 1 AND 300),
  decision_no text,
  decision_date date,
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'approved', 'in_force', 'expired', 'revoked', 'rejected')),
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status IN ('submitted', 'rejected') OR (decision_no IS NOT NULL AND decision_date IS NOT NULL))
);
CREATE INDEX protection_record_geom_3857_idx ON environment.protection_record USING gist (geom_3857);
CREATE INDEX protection_record_commune_idx ON environment.protection_record (commune_id);

SELECT audit.enable('environment.protection_record', 'id', '{geom_3857}');

-- Decided records only (a submitted one is still an internal working document).
CREATE VIEW environment.public_record AS
  SELECT r.id, r.kind, r.project_name,
         CASE WHEN r.owner_kind = 'organisation' THEN r.owner_name END AS owner_name,
         u.code AS commune_code, u.name AS commune_name, r.geom, r.approving_body,
         r.decision_no, r.decision_date, r.status
  FROM environment.protection_record r
  LEFT JOIN admin.unit u ON u.id = r.commune_id
  WHERE r.status IN ('approved', 'in_force', 'expired', 'revoked');

GRANT USAGE ON SCHEMA environment TO diagis_public;
GRANT SELECT ON environment.public_record TO diagis_public;
