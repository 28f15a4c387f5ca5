-- Registration dossiers (hồ sơ): procedures with statutory limits, the dossier itself,
-- its append-only events, attachments and linked parcels, and the holiday calendar.
CREATE SCHEMA dossier;

-- Limits in working days: Decree 101/2024/NĐ-CP as amended by Decree 151/2025/NĐ-CP
-- (time for tax payment and public posting excluded).
CREATE TABLE dossier.procedure (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{3,40}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  limit_working_days numeric(4, 1) NOT NULL CHECK (limit_working_days >= 0),
  special_limit_working_days numeric(4, 1),
  legal_basis text NOT NULL,
  required_documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(required_documents) = 'array'),
  receiving_office_kinds text[] NOT NULL DEFAULT '{branch,provincial_lro}',
  processing_office_kind text NOT NULL DEFAULT 'branch' CHECK (processing_office_kind IN ('branch', 'provincial_lro')),
  involves_tax boolean NOT NULL DEFAULT false,
  involves_commune boolean NOT NULL DEFAULT false,
  changes_parcels boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true
);

INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, special_limit_working_days,
    legal_basis, required_documents, processing_office_kind, involves_tax, involves_commune, changes_parcels) VALUES
  ('first_registration', 'Đăng ký, cấp Giấy chứng nhận lần đầu', 'First registration and certificate', 17, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký (Mẫu 04/ĐK)", "Giấy tờ về quyền sử dụng đất", "Sơ đồ tài sản gắn liền với đất"]', 'branch', true, true, false),
  ('transfer', 'Chuyển nhượng quyền sử dụng đất', 'Transfer of land-use rights', 5, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Hợp đồng chuyển nhượng đã công chứng", "Giấy chứng nhận đã cấp"]', 'branch', true, false, false),
  ('inheritance', 'Thừa kế quyền sử dụng đất', 'Inheritance of land-use rights', 5, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Văn bản khai nhận / phân chia di sản", "Giấy chứng nhận đã cấp"]', 'branch', true, false, false),
  ('gift', 'Tặng cho quyền sử dụng đất', 'Gift of land-use rights', 5, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Hợp đồng tặng cho đã công chứng", "Giấy chứng nhận đã cấp"]', 'branch', true, false, false),
  ('capital_contribution', 'Góp vốn bằng quyền sử dụng đất', 'Capital contribution with land-use rights', 5, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Hợp đồng góp vốn", "Giấy chứng nhận đã cấp"]', 'branch', true, false, false),
  ('lease', 'Cho thuê, cho thuê lại quyền sử dụng đất', 'Lease of land-use rights', 4, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Hợp đồng thuê", "Giấy chứng nhận đã cấp"]', 'branch', false, false, false),
  ('holder_info_change', 'Đăng ký thay đổi thông tin người sử dụng đất', 'Change of holder information', 4, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đăng ký biến động (Mẫu 11/ĐK)", "Giấy tờ chứng minh thay đổi", "Giấy chứng nhận đã cấp"]', 'branch', false, false, false),
  ('split_merge', 'Tách thửa, hợp thửa đất', 'Split or merge of parcels', 12, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đề nghị tách thửa, hợp thửa (Mẫu 09/ĐK)", "Bản vẽ tách thửa, hợp thửa", "Giấy chứng nhận đã cấp"]', 'branch', false, false, true),
  ('certificate_replacement', 'Cấp đổi Giấy chứng nhận', 'Certificate replacement', 5, 10,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đề nghị cấp đổi (Mẫu 11/ĐK)", "Giấy chứng nhận đã cấp"]', 'branch', false, false, false),
  ('reissue_after_loss', 'Cấp lại Giấy chứng nhận do bị mất', 'Certificate reissue after loss', 10, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đề nghị cấp lại (Mẫu 11/ĐK)", "Giấy xác nhận mất Giấy chứng nhận"]', 'branch', false, true, false),
  ('correction', 'Đính chính Giấy chứng nhận đã cấp', 'Certificate correction', 8, NULL,
   'NĐ 101/2024/NĐ-CP, sửa đổi bởi NĐ 151/2025/NĐ-CP', '["Đơn đề nghị đính chính", "Giấy chứng nhận đã cấp"]', 'branch', false, false, true),
  ('land_data_provision', 'Cung cấp thông tin, dữ liệu đất đai', 'Land data provision', 10, NULL,
   'NĐ 101/2024/NĐ-CP; cung cấp trong ngày đến 10 ngày làm việc tùy yêu cầu', '["Phiếu yêu cầu cung cấp dữ liệu đất đai"]', 'branch', false, false, false),
  ('mortgage_registration', 'Đăng ký thế chấp quyền sử dụng đất', 'Mortgage registration', 1, NULL,
   'NĐ 99/2022/NĐ-CP (đăng ký biện pháp bảo đảm)', '["Phiếu yêu cầu đăng ký thế chấp", "Hợp đồng thế chấp", "Giấy chứng nhận đã cấp"]', 'branch', false, false, false),
  ('mortgage_release', 'Xóa đăng ký thế chấp', 'Mortgage release', 1, NULL,
   'NĐ 99/2022/NĐ-CP (đăng ký biện pháp bảo đảm)', '["Phiếu yêu cầu xóa đăng ký", "Văn bản đồng ý xóa thế chấp của bên nhận thế chấp"]', 'branch', false, false, false);

-- Public holidays that stop the statutory clock (weekends are not listed; they never count).
CREATE TABLE dossier.holiday (
  day date PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE dossier.dossier (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Printed on the receipt; long and random so that it cannot be guessed.
  receipt_code text NOT NULL UNIQUE CHECK (receipt_code ~ '^[A-Z0-9-]{16,40}$'),
  procedure_code text NOT NULL REFERENCES dossier.procedure (code),
  state text NOT NULL CHECK (state IN ('received', 'assigned', 'in_progress', 'at_other_office', 'at_tax',
    'waiting_citizen', 'approved', 'returned', 'rejected', 'withdrawn', 'cancelled')),
  channel text NOT NULL DEFAULT 'one_stop_centre' CHECK (channel IN ('one_stop_centre', 'national_portal', 'post')),
  receiving_office_id integer NOT NULL REFERENCES org.office (id),
  current_office_id integer NOT NULL REFERENCES org.office (id),
  commune_id integer REFERENCES admin.unit (id),
  applicant_party_id bigint REFERENCES registry.party (id),
  assigned_user_id integer REFERENCES auth.app_user (id),
  received_at timestamptz NOT NULL,
  due_at timestamptz,
  completed_at timestamptz,
  -- When the clock is paused (waiting for the citizen or for tax payment).
  paused_since timestamptz,
  summary text
);
CREATE INDEX dossier_current_office_idx ON dossier.dossier (current_office_id, state);
CREATE INDEX dossier_commune_idx ON dossier.dossier (commune_id);

CREATE TABLE dossier.event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id integer REFERENCES auth.app_user (id),
  kind text NOT NULL,
  from_state text,
  to_state text,
  from_office_id integer REFERENCES org.office (id),
  to_office_id integer REFERENCES org.office (id),
  note text,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX event_dossier_idx ON dossier.event (dossier_id, at);
CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON dossier.event
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();

-- Files are stored outside the web root under their content hash.
CREATE TABLE dossier.attachment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name text NOT NULL,
  media_type text NOT NULL,
  byte_size bigint NOT NULL CHECK (byte_size > 0),
  document_kind text,
  uploaded_by integer REFERENCES auth.app_user (id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_dossier_idx ON dossier.attachment (dossier_id);

CREATE TABLE dossier.dossier_parcel (
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  parcel_id bigint NOT NULL REFERENCES cadastre.parcel (id),
  PRIMARY KEY (dossier_id, parcel_id)
);
CREATE INDEX dossier_parcel_parcel_idx ON dossier.dossier_parcel (parcel_id);

ALTER TABLE cadastre.parcel_version
  ADD CONSTRAINT parcel_version_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier.dossier (id);
ALTER TABLE registry.parcel_right
  ADD CONSTRAINT parcel_right_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier.dossier (id);
