-- Holders, rights and certificates: personal data, kept in their own schema that the
-- public role cannot read, so no public query can join a holder to a parcel by accident.
CREATE SCHEMA registry;

CREATE TABLE registry.party (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'household', 'organisation', 'state')),
  full_name text NOT NULL,
  birth_year smallint CHECK (birth_year BETWEEN 1880 AND 2100),
  id_kind text CHECK (id_kind IN ('cccd', 'cmnd', 'passport', 'business_registration')),
  id_number text,
  address text,
  phone text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((id_kind IS NULL) = (id_number IS NULL))
);
CREATE INDEX party_id_number_idx ON registry.party (id_number);

-- Giấy chứng nhận quyền sử dụng đất: serial (số phát hành) and register number (số vào sổ).
CREATE TABLE registry.certificate (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  serial_no text NOT NULL UNIQUE,
  register_no text,
  issued_on date,
  issuing_body text,
  cancelled_on date
);

-- Who holds which right on a parcel, and when; closed, never overwritten.
CREATE TABLE registry.parcel_right (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  party_id bigint NOT NULL REFERENCES registry.party (id),
  right_kind text NOT NULL CHECK (right_kind IN ('land_use', 'lease', 'mortgage', 'asset_ownership')),
  share numeric(5, 4) NOT NULL DEFAULT 1 CHECK (share > 0 AND share <= 1),
  use_term text,
  certificate_id bigint REFERENCES registry.certificate (id),
  valid tstzrange NOT NULL,
  source_kind text NOT NULL CHECK (source_kind IN ('survey', 'import', 'dossier', 'demo')),
  source_ref text,
  dossier_id bigint
);
CREATE INDEX parcel_right_parcel_idx ON registry.parcel_right (parcel_id);
CREATE INDEX parcel_right_party_idx ON registry.parcel_right (party_id);

CREATE FUNCTION registry.guard_parcel_right() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR (to_jsonb(NEW) - 'valid') IS DISTINCT FROM (to_jsonb(OLD) - 'valid')
     OR NOT upper_inf(OLD.valid) OR lower(NEW.valid) <> lower(OLD.valid) THEN
    RAISE EXCEPTION 'parcel right % can only be closed, not changed or deleted', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER parcel_right_immutable BEFORE UPDATE OR DELETE ON registry.parcel_right
  FOR EACH ROW EXECUTE FUNCTION registry.guard_parcel_right();
