-- What approval of a dossier does to the legal register (LADM: the dossier is the source
-- of every new right, restriction, certificate and endorsement). All of it lives in the
-- `registry` schema, which the public role cannot read.

-- The effect each procedure has on the register, as data; `server/register/` holds the
-- plain functions that carry each effect out.
ALTER TABLE dossier.procedure
  ADD COLUMN register_effect text NOT NULL DEFAULT 'none' CHECK (register_effect IN (
    'none', 'first_registration', 'transfer', 'lease', 'mortgage', 'mortgage_release',
    'holder_info_change', 'certificate_replacement', 'land_use_change'));
UPDATE dossier.procedure SET register_effect = CASE code
  WHEN 'first_registration' THEN 'first_registration'
  WHEN 'transfer' THEN 'transfer'
  WHEN 'gift' THEN 'transfer'
  WHEN 'inheritance' THEN 'transfer'
  WHEN 'capital_contribution' THEN 'transfer'
  WHEN 'lease' THEN 'lease'
  WHEN 'mortgage_registration' THEN 'mortgage'
  WHEN 'mortgage_release' THEN 'mortgage_release'
  WHEN 'holder_info_change' THEN 'holder_info_change'
  WHEN 'certificate_replacement' THEN 'certificate_replacement'
  WHEN 'reissue_after_loss' THEN 'certificate_replacement'
  ELSE 'none' END;

-- Registration of a change of land use (chuyển mục đích sử dụng đất) once it is permitted:
-- new land-use codes and areas as a new parcel version, and an endorsement. The limit is
-- the one the province's procedure list gives for registering a change (đăng ký biến
-- động); see docs/registration.md for what is still to be checked against the text.
INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, required_documents,
    processing_office_kind, involves_tax, involves_commune, changes_parcels, register_effect)
VALUES ('land_use_change', 'Đăng ký biến động do chuyển mục đích sử dụng đất',
  'Registration of a change of land use', 10,
  'Luật Đất đai 2024 Điều 121, 133; NĐ 102/2024/NĐ-CP Điều 227; NĐ 101/2024/NĐ-CP sửa đổi bởi NĐ 151/2025/NĐ-CP',
  '["Đơn đăng ký biến động (Mẫu 18)", "Quyết định cho phép chuyển mục đích sử dụng đất", "Giấy chứng nhận đã cấp"]',
  'branch', true, false, false, 'land_use_change')
ON CONFLICT (code) DO NOTHING;

-- Mã số thuế of a party, for the land-information transfer form sent to the tax authority.
ALTER TABLE registry.party
  ADD COLUMN tax_id text CHECK (tax_id ~ '^\d{10}(-?\d{3})?$');

-- Rights: where the use comes from and how long it lasts, and the dossier that closed it.
ALTER TABLE registry.parcel_right
  ADD COLUMN origin_of_use text CHECK (length(origin_of_use) BETWEEN 2 AND 300),
  ADD COLUMN term_until date,
  ADD COLUMN closed_by_dossier_id bigint REFERENCES dossier.dossier (id);
COMMENT ON COLUMN registry.parcel_right.term_until IS
  'end of the term of use; NULL with use_term ''lâu dài'' is long-term use';

-- A right may only be closed, and the closing dossier named once, at the same time.
CREATE OR REPLACE FUNCTION registry.guard_parcel_right() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR (to_jsonb(NEW) - 'valid' - 'closed_by_dossier_id')
        IS DISTINCT FROM (to_jsonb(OLD) - 'valid' - 'closed_by_dossier_id')
     OR NOT upper_inf(OLD.valid) OR lower(NEW.valid) <> lower(OLD.valid)
     OR (OLD.closed_by_dossier_id IS NOT NULL) THEN
    RAISE EXCEPTION 'parcel right % can only be closed, not changed or deleted', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE INDEX parcel_right_open_idx ON registry.parcel_right (parcel_id) WHERE upper_inf(valid);

-- Certificates: when they were issued and cancelled (to the instant, for "as of"), why,
-- and by which dossier. A certificate is never changed except to cancel it once.
ALTER TABLE registry.certificate
  ADD COLUMN issued_at timestamptz,
  ADD COLUMN issued_by_dossier_id bigint REFERENCES dossier.dossier (id),
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancel_reason text CHECK (cancel_reason IN ('replaced', 'lost', 'transferred', 'revoked')),
  ADD COLUMN cancelled_by_dossier_id bigint REFERENCES dossier.dossier (id),
  ADD CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL));

CREATE FUNCTION registry.guard_certificate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR (to_jsonb(NEW) - 'cancelled_on' - 'cancelled_at' - 'cancel_reason' - 'cancelled_by_dossier_id')
        IS DISTINCT FROM
        (to_jsonb(OLD) - 'cancelled_on' - 'cancelled_at' - 'cancel_reason' - 'cancelled_by_dossier_id')
     OR OLD.cancelled_at IS NOT NULL OR OLD.cancelled_on IS NOT NULL THEN
    RAISE EXCEPTION 'certificate % can only be cancelled once, not changed or deleted', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER certificate_immutable BEFORE UPDATE OR DELETE ON registry.certificate
  FOR EACH ROW EXECUTE FUNCTION registry.guard_certificate();

-- Xác nhận thay đổi trên Giấy chứng nhận: what changed, when, by which dossier.
CREATE TABLE registry.certificate_endorsement (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  certificate_id bigint NOT NULL REFERENCES registry.certificate (id),
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  at timestamptz NOT NULL,
  procedure_code text NOT NULL REFERENCES dossier.procedure (code),
  content_vi text NOT NULL,
  content_en text NOT NULL
);
CREATE INDEX certificate_endorsement_certificate_idx ON registry.certificate_endorsement (certificate_id, at);
CREATE TRIGGER certificate_endorsement_append_only BEFORE UPDATE OR DELETE ON registry.certificate_endorsement
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();

-- Restrictions on a right (thế chấp): the creditor, the contract, the secured amount if
-- given; deregistration closes the validity range.
CREATE TABLE registry.restriction (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  right_id bigint NOT NULL REFERENCES registry.parcel_right (id),
  parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  kind text NOT NULL CHECK (kind IN ('mortgage')),
  creditor_name text NOT NULL CHECK (length(creditor_name) BETWEEN 2 AND 200),
  creditor_id_number text,
  contract_no text NOT NULL CHECK (length(contract_no) BETWEEN 1 AND 60),
  contract_date date NOT NULL,
  secured_amount numeric(18, 0) CHECK (secured_amount >= 0),
  valid tstzrange NOT NULL,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  closed_by_dossier_id bigint REFERENCES dossier.dossier (id)
);
CREATE INDEX restriction_parcel_idx ON registry.restriction (parcel_id);
CREATE INDEX restriction_right_idx ON registry.restriction (right_id);

CREATE FUNCTION registry.guard_restriction() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     OR (to_jsonb(NEW) - 'valid' - 'closed_by_dossier_id')
        IS DISTINCT FROM (to_jsonb(OLD) - 'valid' - 'closed_by_dossier_id')
     OR NOT upper_inf(OLD.valid) OR lower(NEW.valid) <> lower(OLD.valid) THEN
    RAISE EXCEPTION 'restriction % can only be closed, not changed or deleted', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER restriction_immutable BEFORE UPDATE OR DELETE ON registry.restriction
  FOR EACH ROW EXECUTE FUNCTION registry.guard_restriction();

-- The data a dossier's effect needs (parties, contract, creditor, new land uses), checked
-- when it is recorded and read again at approval. It names people: staff only.
CREATE TABLE dossier.register_request (
  dossier_id bigint PRIMARY KEY REFERENCES dossier.dossier (id),
  effect text NOT NULL,
  body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
  recorded_at timestamptz NOT NULL,
  recorded_by integer REFERENCES auth.app_user (id)
);

SELECT audit.enable('registry.certificate_endorsement', 'id');
SELECT audit.enable('registry.restriction', 'id');
SELECT audit.enable('dossier.register_request', 'dossier_id');
