-- Online payment of a dossier's fees and tax notices through a payment provider (VNPAY's
-- redirect and IPN protocol, docs/payments.md), and e-mail notifications to the applicant
-- sent from an outbox after the transaction that caused them commits.

-- Where the applicant wants notifications, and in which language (NULL: Vietnamese).
ALTER TABLE registry.party
  ADD COLUMN email text CHECK (email ~ '^[^@\s]{1,64}@[^@\s]{1,190}$'),
  ADD COLUMN language text CHECK (language IN ('vi', 'en'));

CREATE SCHEMA payment;

-- Fees (phí, lệ phí) per procedure. The amounts are set by each province's People's
-- Council (Luật Phí và lệ phí 2015; Thông tư 85/2019/TT-BTC): the rows below are DEMO
-- values for the demo province, marked demo = true, never the real tariff.
CREATE TABLE payment.fee (
  procedure_code text NOT NULL REFERENCES dossier.procedure (code),
  code text NOT NULL CHECK (code ~ '^[a-z_]{3,40}$'),
  name_vi text NOT NULL,
  name_en text NOT NULL,
  amount numeric(18, 0) NOT NULL CHECK (amount > 0),
  legal_basis text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (procedure_code, code)
);
SELECT audit.enable('payment.fee', 'code');

INSERT INTO payment.fee (procedure_code, code, name_vi, name_en, amount, legal_basis, demo)
SELECT p.code, f.code, f.name_vi, f.name_en, f.amount,
       'DEMO: giá trị minh hoạ, không phải mức thu theo Nghị quyết của HĐND tỉnh', true
FROM dossier.procedure p
JOIN (VALUES
  ('first_registration', 'certificate_fee', 'Lệ phí cấp Giấy chứng nhận', 'Certificate issue fee', 100000),
  ('first_registration', 'appraisal_fee', 'Phí thẩm định hồ sơ cấp Giấy chứng nhận', 'Dossier appraisal fee', 500000),
  ('transfer', 'registration_fee', 'Lệ phí đăng ký biến động', 'Change registration fee', 30000),
  ('transfer', 'appraisal_fee', 'Phí thẩm định hồ sơ', 'Dossier appraisal fee', 350000),
  ('inheritance', 'registration_fee', 'Lệ phí đăng ký biến động', 'Change registration fee', 30000),
  ('gift', 'registration_fee', 'Lệ phí đăng ký biến động', 'Change registration fee', 30000),
  ('capital_contribution', 'registration_fee', 'Lệ phí đăng ký biến động', 'Change registration fee', 30000),
  ('certificate_replacement', 'certificate_fee', 'Lệ phí cấp đổi Giấy chứng nhận', 'Certificate replacement fee', 50000),
  ('reissue_after_loss', 'certificate_fee', 'Lệ phí cấp lại Giấy chứng nhận', 'Certificate reissue fee', 50000),
  ('land_data_provision', 'data_fee', 'Phí khai thác, sử dụng tài liệu đất đai', 'Land data fee', 150000),
  ('mortgage_registration', 'registration_fee', 'Phí đăng ký thế chấp', 'Mortgage registration fee', 80000),
  ('mortgage_release', 'registration_fee', 'Phí xóa đăng ký thế chấp', 'Mortgage release fee', 20000)
) AS f (procedure_code, code, name_vi, name_en, amount) ON f.procedure_code = p.code;

-- One attempt to pay one item of a dossier: a fee or a recorded tax notice. order_ref is
-- the provider's transaction reference (vnp_TxnRef), unique and random.
CREATE TABLE payment.payment_order (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_ref text NOT NULL UNIQUE CHECK (order_ref ~ '^[A-Z0-9]{12,40}$'),
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  -- What is paid: 'fee:<code>' or 'tax_notice:<notice_no>'.
  item text NOT NULL CHECK (item ~ '^(fee|tax_notice):[A-Za-z0-9/._-]{1,60}$'),
  description text NOT NULL,
  amount numeric(18, 0) NOT NULL CHECK (amount > 0),
  provider text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'paid', 'failed')),
  -- The provider's answer code when the payment failed (vnp_ResponseCode, 24 = cancelled).
  failure_code text,
  created_at timestamptz NOT NULL,
  created_by integer REFERENCES auth.app_user (id),
  expires_at timestamptz NOT NULL,
  settled_at timestamptz
);
CREATE INDEX payment_order_dossier_idx ON payment.payment_order (dossier_id, created_at);
SELECT audit.enable('payment.payment_order', 'id');

-- A payment the provider confirmed: one per order, however many callbacks arrive.
CREATE TABLE payment.payment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL UNIQUE REFERENCES payment.payment_order (id),
  amount numeric(18, 0) NOT NULL CHECK (amount > 0),
  provider_transaction_no text NOT NULL,
  bank_code text,
  paid_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE TRIGGER payment_append_only BEFORE UPDATE OR DELETE ON payment.payment
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();
SELECT audit.enable('payment.payment', 'id');

-- Every callback (IPN) and return the provider sent, accepted or not: what was claimed,
-- from where, and what diagis answered. A log (not audited); never holds the secret.
CREATE TABLE payment.callback_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  channel text NOT NULL CHECK (channel IN ('ipn', 'return')),
  order_ref text,
  outcome text NOT NULL,
  answer_code text,
  remote_address text,
  params jsonb NOT NULL
);
CREATE INDEX callback_log_order_idx ON payment.callback_log (order_ref, received_at);

CREATE SCHEMA notification;

-- Mails to send, written in the transaction that caused them and sent by the mail sender
-- after it commits; a failed send is retried later. Bookkeeping, not audited: each
-- attempt updates the row, which is itself the record of what was sent.
CREATE TABLE notification.mail_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('dossier_received', 'supplement_asked', 'fee_due', 'result_ready')),
  dossier_id bigint REFERENCES dossier.dossier (id),
  recipient text NOT NULL,
  language text NOT NULL CHECK (language IN ('vi', 'en')),
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'expired')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  sent_at timestamptz,
  message_id text
);
CREATE INDEX mail_outbox_due_idx ON notification.mail_outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX mail_outbox_dossier_idx ON notification.mail_outbox (dossier_id);
