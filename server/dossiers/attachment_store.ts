import type pg from 'pg';

/** An attachment row as the routes use it. */
export interface AttachmentRow {
  id: number;
  dossierId: number;
  sha256: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  documentKind: string | null;
  hasThumbnail: boolean;
  width: number | null;
  height: number | null;
}

const columns = `id, dossier_id AS "dossierId", sha256, file_name AS "fileName", media_type AS "mediaType",
  byte_size AS "byteSize", document_kind AS "documentKind", has_thumbnail AS "hasThumbnail", width, height`;

const toRow = (r: Record<string, unknown>): AttachmentRow =>
  ({
    ...r,
    id: Number(r.id),
    dossierId: Number(r.dossierId),
    byteSize: Number(r.byteSize),
  }) as AttachmentRow;

/** Records a stored file as an attachment of a dossier. */
export async function insertAttachment(
  client: pg.ClientBase,
  row: Omit<AttachmentRow, 'id'>,
  uploadedBy: number,
  uploadedAt: Date,
): Promise<AttachmentRow> {
  // One row per upload: the same file attached twice shares the stored bytes, not the row.
  const { rows } = await client.query(
    `INSERT INTO dossier.attachment (dossier_id, sha256, file_name, media_type, byte_size, document_kind,
                                     has_thumbnail, width, height, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${columns}`,
    [
      row.dossierId,
      row.sha256,
      row.fileName,
      row.mediaType,
      row.byteSize,
      row.documentKind,
      row.hasThumbnail,
      row.width,
      row.height,
      uploadedBy,
      uploadedAt,
    ],
  );
  return toRow(rows[0]);
}

/** Attachment `attachmentId` of dossier `dossierId`, or undefined. */
export async function findAttachment(
  db: pg.Pool | pg.ClientBase,
  dossierId: number,
  attachmentId: number,
): Promise<AttachmentRow | undefined> {
  const { rows } = await db.query(
    `SELECT ${columns} FROM dossier.attachment WHERE id = $1 AND dossier_id = $2`,
    [attachmentId, dossierId],
  );
  return rows[0] ? toRow(rows[0]) : undefined;
}
