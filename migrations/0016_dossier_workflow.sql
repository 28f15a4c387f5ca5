-- Dossier circulation: the transfer value sent to the tax authority, the tax notices it
-- answers with, thumbnails of image attachments, and indexes for the inbox and reports.

-- Declared transfer value (VND) from the contract; the tax authority assesses it.
ALTER TABLE dossier.dossier
  ADD COLUMN declared_value numeric(18, 0) CHECK (declared_value >= 0);

-- Thông báo nộp nghĩa vụ tài chính: recorded through the tax API (or by an administrator).
CREATE TABLE dossier.tax_notice (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  notice_no text NOT NULL CHECK (notice_no ~ '^[A-Za-z0-9/._-]{1,60}$'),
  amount numeric(18, 0) NOT NULL CHECK (amount >= 0),
  notice_date date NOT NULL,
  recorded_at timestamptz NOT NULL,
  recorded_by integer REFERENCES auth.app_user (id),
  channel text NOT NULL CHECK (channel IN ('tax_api', 'staff')),
  UNIQUE (dossier_id, notice_no)
);
CREATE INDEX tax_notice_dossier_idx ON dossier.tax_notice (dossier_id);
CREATE TRIGGER tax_notice_append_only BEFORE UPDATE OR DELETE ON dossier.tax_notice
  FOR EACH ROW EXECUTE FUNCTION ref.append_only();
SELECT audit.enable('dossier.tax_notice', 'id');

-- Image attachments are stored normalised with a JPEG thumbnail beside them.
ALTER TABLE dossier.attachment
  ADD COLUMN has_thumbnail boolean NOT NULL DEFAULT false,
  ADD COLUMN width integer CHECK (width > 0),
  ADD COLUMN height integer CHECK (height > 0);

-- Reports count by reception and completion time; the inbox sorts by due date.
CREATE INDEX dossier_received_at_idx ON dossier.dossier (received_at);
CREATE INDEX dossier_completed_at_idx ON dossier.dossier (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX dossier_due_at_idx ON dossier.dossier (due_at);
CREATE INDEX dossier_receiving_office_idx ON dossier.dossier (receiving_office_id);
