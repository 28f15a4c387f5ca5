-- An audit log of every write. The application names the acting user and request with
-- SET LOCAL diagis.user_id / diagis.request_id; bulk loads set diagis.audit_mode = 'bulk'
-- and are logged as one row per statement with the row count and diagis.source.
CREATE SCHEMA audit;

CREATE TABLE audit.log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  transaction_id bigint NOT NULL DEFAULT txid_current(),
  actor_user_id integer,
  request_id text,
  action text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE', 'BULK_INSERT')),
  table_name text NOT NULL,
  row_key text,
  row_count integer NOT NULL DEFAULT 1,
  old_row jsonb,
  new_row jsonb,
  source text
);
CREATE INDEX log_table_key_idx ON audit.log (table_name, row_key);
CREATE INDEX log_at_idx ON audit.log (at);
CREATE TRIGGER log_append_only BEFORE UPDATE OR DELETE ON audit.log
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();

-- Inserts are logged per statement from the transition table (cheap for bulk loads);
-- TG_ARGV lists columns never copied into the log (secrets, derived geometry).
CREATE FUNCTION audit.capture_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  actor integer := nullif(current_setting('diagis.user_id', true), '')::integer;
  request text := nullif(current_setting('diagis.request_id', true), '');
  origin text := nullif(current_setting('diagis.source', true), '');
  tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
BEGIN
  IF coalesce(current_setting('diagis.audit_mode', true), '') = 'bulk' THEN
    INSERT INTO audit.log (actor_user_id, request_id, action, table_name, row_count, source)
      SELECT actor, request, 'BULK_INSERT', tbl, count(*), origin FROM new_rows HAVING count(*) > 0;
  ELSE
    INSERT INTO audit.log (actor_user_id, request_id, action, table_name, row_key, new_row, source)
      SELECT actor, request, 'INSERT', tbl, to_jsonb(n) ->> TG_ARGV[0], to_jsonb(n) - TG_ARGV[1:], origin
      FROM new_rows n;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION audit.capture_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit.log (actor_user_id, request_id, action, table_name, row_key, old_row, new_row, source)
  VALUES (
    nullif(current_setting('diagis.user_id', true), '')::integer,
    nullif(current_setting('diagis.request_id', true), ''),
    TG_OP,
    TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
    to_jsonb(OLD) ->> TG_ARGV[0],
    to_jsonb(OLD) - TG_ARGV[1:],
    CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(NEW) - TG_ARGV[1:] END,
    nullif(current_setting('diagis.source', true), ''));
  RETURN NULL;
END
$$;

-- Attaches both audit triggers to a table. key: the column that identifies a row;
-- hidden: columns left out of the log.
CREATE FUNCTION audit.enable(target regclass, key text, hidden text[] DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  args text := format('%L', key) || coalesce((SELECT string_agg(format(', %L', h), '') FROM unnest(hidden) h), '');
BEGIN
  EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                 'FOR EACH STATEMENT EXECUTE FUNCTION audit.capture_insert(%s)', target, args);
  EXECUTE format('CREATE TRIGGER audit_change AFTER UPDATE OR DELETE ON %s '
                 'FOR EACH ROW EXECUTE FUNCTION audit.capture_change(%s)', target, args);
END
$$;

SELECT audit.enable('admin.unit', 'id', '{geom,geom_3857}');
SELECT audit.enable('admin.unit_succession', 'predecessor_id');
SELECT audit.enable('org.office', 'id');
SELECT audit.enable('org.office_jurisdiction', 'office_id');
SELECT audit.enable('auth.app_user', 'id', '{password_hash}');
SELECT audit.enable('auth.session', 'user_id', '{token_hash,csrf_token}');
SELECT audit.enable('ref.land_use_code', 'code');
SELECT audit.enable('ref.land_use_legacy_code', 'legacy_code');
SELECT audit.enable('cadastre.map_sheet', 'id', '{footprint_3857}');
SELECT audit.enable('cadastre.parcel', 'id');
SELECT audit.enable('cadastre.parcel_version', 'id', '{geom_3857}');
SELECT audit.enable('cadastre.parcel_land_use', 'version_id');
SELECT audit.enable('cadastre.parcel_lineage', 'child_parcel_id');
SELECT audit.enable('registry.party', 'id');
SELECT audit.enable('registry.certificate', 'id');
SELECT audit.enable('registry.parcel_right', 'id');
SELECT audit.enable('planning.plan', 'id');
SELECT audit.enable('planning.plan_zone', 'id', '{geom_3857}');
SELECT audit.enable('monitoring.parameter', 'code');
SELECT audit.enable('monitoring.standard', 'code');
SELECT audit.enable('monitoring.standard_limit', 'parameter_code');
SELECT audit.enable('monitoring.station', 'id', '{geom_3857,api_key_hash}');
SELECT audit.enable('monitoring.observation', 'station_id');
SELECT audit.enable('dossier.procedure', 'code');
SELECT audit.enable('dossier.holiday', 'day');
SELECT audit.enable('dossier.dossier', 'id');
SELECT audit.enable('dossier.event', 'id');
SELECT audit.enable('dossier.attachment', 'id');
SELECT audit.enable('dossier.dossier_parcel', 'dossier_id');
