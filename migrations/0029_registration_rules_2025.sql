-- The registration rules in force since 1 July 2025 (Decree 151/2025/NĐ-CP and the
-- ministry's procedure decisions QĐ 2304/QĐ-BNNMT and QĐ 3380/QĐ-BNNMT): public service
-- centres as receiving points, remote communes with 10 more working days, the citizen's
-- tax payment on record, the commune People's Committee step, and the limits, forms and
-- legal basis of the procedures. docs/registration.md gives the source of each rule.

-- Trung tâm Phục vụ hành chính công (provincial or commune): a receiving point only.
ALTER TABLE org.office DROP CONSTRAINT office_kind_check;
ALTER TABLE org.office ADD CONSTRAINT office_kind_check CHECK (kind IN (
  'provincial_lro', 'branch', 'tax', 'commune_committee', 'department', 'public_service_centre'));

-- Xã miền núi, hải đảo, vùng sâu, vùng xa, vùng có điều kiện kinh tế - xã hội khó khăn hoặc
-- đặc biệt khó khăn: set by an administrator (PUT /api/communes/{id}/remote-area) from the
-- decision that classifies the commune; the due date of a dossier received for it is
-- counted with the procedure's extra working days.
ALTER TABLE admin.unit
  ADD COLUMN remote_area boolean NOT NULL DEFAULT false,
  ADD COLUMN remote_area_basis text CHECK (length(remote_area_basis) BETWEEN 2 AND 300);

ALTER TABLE dossier.procedure
  ADD COLUMN remote_extra_working_days numeric(4, 1) NOT NULL DEFAULT 10
    CHECK (remote_extra_working_days >= 0);
ALTER TABLE dossier.procedure
  ALTER COLUMN receiving_office_kinds SET DEFAULT '{public_service_centre,branch,provincial_lro}';

-- Decree 151/2025 art. 18(1): the dossier may be lodged at any receiving point of the
-- province, whatever the commune of the land.
UPDATE dossier.procedure SET receiving_office_kinds = '{public_service_centre,branch,provincial_lro}';

-- Mortgages (Decree 99/2022) and land data provision have limits of their own, not extended.
UPDATE dossier.procedure SET remote_extra_working_days = 0
WHERE code IN ('mortgage_registration', 'mortgage_release', 'land_data_provision');

-- Limits, forms and legal basis after Decree 151/2025/NĐ-CP, Appendix I.
UPDATE dossier.procedure SET
  name_vi = 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu và cấp Giấy chứng nhận',
  name_en = 'First registration with the certificate',
  limit_working_days = 20,
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (đăng ký lần đầu 17 + cấp Giấy chứng nhận 3 ngày làm việc; thêm 10 ngày tại xã vùng sâu, vùng xa, khó khăn); Điều 18 khoản 1; QĐ 3380/QĐ-BNNMT',
  required_documents = '["Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 15, NĐ 151/2025/NĐ-CP)", "Một trong các giấy tờ về quyền sử dụng đất (Điều 137 Luật Đất đai 2024), nếu có", "Sơ đồ nhà ở, công trình xây dựng (nếu có)"]'
WHERE code = 'first_registration';

UPDATE dossier.procedure SET
  limit_working_days = 8,
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (đăng ký biến động do chuyển nhượng, thừa kế, tặng cho, góp vốn: không quá 8 ngày làm việc, không kể thời gian thực hiện nghĩa vụ tài chính); Điều 18 khoản 1',
  required_documents = jsonb_set(required_documents, '{0}',
    '"Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18, NĐ 151/2025/NĐ-CP)"')
WHERE code IN ('transfer', 'inheritance', 'gift', 'capital_contribution');

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (cho thuê, cho thuê lại quyền sử dụng đất: không quá 4 ngày làm việc); Điều 18 khoản 1',
  required_documents = jsonb_set(required_documents, '{0}',
    '"Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18, NĐ 151/2025/NĐ-CP)"')
WHERE code = 'lease';

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 101/2024/NĐ-CP sửa đổi bởi NĐ 151/2025/NĐ-CP, Phụ lục I (thời hạn chưa đối chiếu được với văn bản, xem docs/registration.md); Điều 18 khoản 1',
  required_documents = jsonb_set(required_documents, '{0}',
    '"Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 18, NĐ 151/2025/NĐ-CP)"')
WHERE code = 'holder_info_change';

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I, Phần V mục C tiểu mục 1 (tách thửa, hợp thửa: không quá 12 ngày làm việc); Điều 18 khoản 1',
  required_documents = '["Đơn đề nghị tách thửa đất, hợp thửa đất (Mẫu số 21, NĐ 151/2025/NĐ-CP)", "Bản vẽ tách thửa đất, hợp thửa đất (Mẫu số 22, NĐ 151/2025/NĐ-CP)", "Giấy chứng nhận đã cấp"]'
WHERE code = 'split_merge';

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (cấp đổi: không quá 5 ngày làm việc, 10 ngày trong trường hợp điểm h mục 1 phần VII); Điều 18 khoản 1',
  required_documents = '["Đơn đề nghị cấp đổi Giấy chứng nhận (theo mẫu ban hành kèm NĐ 151/2025/NĐ-CP)", "Giấy chứng nhận đã cấp"]'
WHERE code = 'certificate_replacement';

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (cấp lại do mất: không quá 10 ngày làm việc, không kể thời gian niêm yết thông báo mất tại UBND cấp xã và đăng tin); Điều 18 khoản 1',
  required_documents = '["Đơn đề nghị cấp lại Giấy chứng nhận (theo mẫu ban hành kèm NĐ 151/2025/NĐ-CP)", "Giấy xác nhận mất Giấy chứng nhận"]'
WHERE code = 'reissue_after_loss';

UPDATE dossier.procedure SET
  legal_basis = 'NĐ 151/2025/NĐ-CP, Phụ lục I (đính chính Giấy chứng nhận đã cấp: không quá 8 ngày làm việc); Điều 18 khoản 1'
WHERE code = 'correction';

-- Registration without the certificate: the first part of the limit above.
INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, required_documents,
    processing_office_kind, involves_tax, involves_commune, changes_parcels, register_effect)
VALUES ('first_registration_no_certificate', 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu (không cấp Giấy chứng nhận)',
  'First registration without a certificate', 17,
  'NĐ 151/2025/NĐ-CP, Phụ lục I (đăng ký đất đai, tài sản gắn liền với đất lần đầu: không quá 17 ngày làm việc; thêm 10 ngày tại xã vùng sâu, vùng xa, khó khăn); Điều 18 khoản 1; QĐ 3380/QĐ-BNNMT',
  '["Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số 15, NĐ 151/2025/NĐ-CP)", "Giấy tờ về quyền sử dụng đất (nếu có)"]',
  'branch', false, true, false, 'none')
ON CONFLICT (code) DO NOTHING;

-- Two new steps: waiting for the citizen's payment after the tax notice, and the commune
-- People's Committee holding the dossier.
ALTER TABLE dossier.dossier DROP CONSTRAINT dossier_state_check;
ALTER TABLE dossier.dossier ADD CONSTRAINT dossier_state_check CHECK (state IN (
  'received', 'assigned', 'in_progress', 'at_other_office', 'at_commune', 'at_tax', 'awaiting_payment',
  'waiting_citizen', 'approved', 'returned', 'rejected', 'withdrawn', 'cancelled'));

-- Chứng từ nộp tiền: the payment of a tax notice, confirmed through the tax API (its
-- payment reference) or recorded by an officer from the citizen's receipt. The statutory
-- clock resumes when it is recorded.
CREATE TABLE dossier.tax_payment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  payment_ref text NOT NULL CHECK (payment_ref ~ '^[A-Za-z0-9/._-]{1,60}$'),
  paid_on date NOT NULL,
  amount numeric(18, 0) CHECK (amount >= 0),
  recorded_at timestamptz NOT NULL,
  recorded_by integer REFERENCES auth.app_user (id),
  channel text NOT NULL CHECK (channel IN ('tax_api', 'staff')),
  UNIQUE (dossier_id, payment_ref)
);
CREATE INDEX tax_payment_dossier_idx ON dossier.tax_payment (dossier_id);
CREATE TRIGGER tax_payment_append_only BEFORE UPDATE OR DELETE ON dossier.tax_payment
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();
SELECT audit.enable('dossier.tax_payment', 'id');
