-- Parcel editing: edits made for a dossier wait here until the dossier is approved, then
-- they are replayed through the same rules and become current versions in the approval's
-- transaction; a rejected, withdrawn or cancelled dossier discards them. The preview
-- geometry (the outcome as it was checked when the edit was saved) lets the dossier's
-- handlers see the edit on the map.
CREATE TABLE cadastre.pending_edit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id bigint NOT NULL REFERENCES dossier.dossier (id),
  kind text NOT NULL CHECK (kind IN ('create', 'edit', 'split', 'merge')),
  -- The parcels the edit replaces or changes, with the versions it was checked against.
  base jsonb NOT NULL DEFAULT '[]',
  -- The validated request, replayed on approval.
  edit_request jsonb NOT NULL,
  preview geometry(MultiPolygon, 4326) NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'discarded')),
  author_id integer REFERENCES auth.app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  -- What applying it produced (parcel ids and versions), for the dossier's history.
  outcome jsonb,
  CHECK ((status = 'pending') = (settled_at IS NULL))
);
CREATE INDEX pending_edit_dossier_idx ON cadastre.pending_edit (dossier_id) WHERE status = 'pending';
CREATE INDEX pending_edit_base_idx ON cadastre.pending_edit USING gin (base jsonb_path_ops)
  WHERE status = 'pending';

-- Parcel numbers already used in a sheet, current or retired: a split or merge takes the
-- next free number, never one that a retired parcel once carried.
CREATE INDEX parcel_version_sheet_number_idx
  ON cadastre.parcel_version (commune_id, sheet_no, parcel_no) WHERE status = 'committed';
SELECT audit.enable('cadastre.pending_edit', 'id', '{preview}');
