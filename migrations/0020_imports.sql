-- Import jobs (shapefile, GeoJSON): their status and progress for the CLI and the API, the
-- per-feature validation report, and the quarantine of features kept aside for a surveyor.
-- Holder names in quarantined attributes are personal data: the schema is staff-only, and
-- job rows (progress updates) are left out of the audit log; the parcels they write are not.
CREATE SCHEMA imports;

-- One row per import run. Progress is written outside the import's own transaction, so it is
-- visible while the job runs; backend_pid/backend_start name the session holding the import
-- transaction, so a job whose session is gone (process killed, server crash) reads as failed.
CREATE TABLE imports.job (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('shapefile', 'geojson')),
  file_name text NOT NULL,
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'succeeded', 'rejected', 'failed')),
  dry_run boolean NOT NULL DEFAULT false,
  options jsonb NOT NULL DEFAULT '{}',
  phase text NOT NULL DEFAULT 'reading',
  progress_done integer NOT NULL DEFAULT 0,
  progress_total integer,
  source_srid integer,
  target_srid integer,
  encoding text,
  features integer,
  created integer,
  revised integer,
  unchanged integer,
  quarantined integer,
  repaired integer,
  errors integer,
  message text,
  created_by integer REFERENCES auth.app_user (id),
  backend_pid integer,
  backend_start timestamptz,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX job_started_at_idx ON imports.job (started_at);

-- What an API shows: a running job whose session no longer exists has failed.
CREATE VIEW imports.job_status AS
  SELECT j.*,
         CASE WHEN j.status = 'running' AND NOT EXISTS (
                SELECT 1 FROM pg_stat_activity a
                WHERE a.pid = j.backend_pid AND a.backend_start = j.backend_start)
              THEN 'failed' ELSE j.status END AS effective_status
  FROM imports.job j;

-- The validation report: one row per problem of one feature (feature_no counts from 1 in
-- file order). severity: error (feature not imported), warning (imported, flagged),
-- repaired (geometry fixed with ST_MakeValid on request).
CREATE TABLE imports.feature_issue (
  job_id bigint NOT NULL REFERENCES imports.job (id),
  feature_no integer NOT NULL CHECK (feature_no > 0),
  severity text NOT NULL CHECK (severity IN ('error', 'warning', 'repaired')),
  rule text NOT NULL,
  message text NOT NULL,
  commune_code text,
  sheet_no integer,
  parcel_no integer,
  -- Where the problem is (WGS84), when known: a self-intersection, the feature's first vertex.
  location geometry(Point, 4326)
);
CREATE INDEX feature_issue_job_idx ON imports.feature_issue (job_id, feature_no);

-- Features not imported, kept for a surveyor to fix and re-import. geom is in the target
-- zone when it could be built; raw_geometry keeps what the file said otherwise.
CREATE TABLE imports.quarantine (
  job_id bigint NOT NULL REFERENCES imports.job (id),
  feature_no integer NOT NULL,
  attributes jsonb NOT NULL,
  geom geometry,
  raw_geometry jsonb,
  rules text[] NOT NULL,
  resolved_at timestamptz,
  resolved_by integer REFERENCES auth.app_user (id),
  PRIMARY KEY (job_id, feature_no)
);

