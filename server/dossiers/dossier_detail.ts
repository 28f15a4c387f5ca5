import type pg from 'pg';
import type { DossierDetail } from '../../core/api/dossier';

// The dossier with its procedure, offices, commune, applicant and assignee.
const dossierSql = `
  SELECT d.id, d.receipt_code, d.state, d.channel, d.received_at, d.due_at, d.paused_since,
         d.completed_at, d.summary, d.declared_value,
         json_build_object('code', p.code, 'nameVi', p.name_vi, 'nameEn', p.name_en,
           'limitWorkingDays', p.limit_working_days::float8, 'processingOfficeKind', p.processing_office_kind,
           'involvesTax', p.involves_tax) AS procedure,
         json_build_object('id', ro.id, 'code', ro.code, 'name', ro.name, 'kind', ro.kind) AS receiving_office,
         json_build_object('id', co.id, 'code', co.code, 'name', co.name, 'kind', co.kind) AS current_office,
         CASE WHEN u.id IS NOT NULL THEN json_build_object('id', u.id, 'code', u.code, 'name', u.name) END AS commune,
         CASE WHEN pa.id IS NOT NULL THEN json_build_object('id', pa.id, 'kind', pa.kind, 'fullName', pa.full_name,
           'idKind', pa.id_kind, 'idNumber', pa.id_number, 'address', pa.address, 'phone', pa.phone) END AS applicant,
         CASE WHEN au.id IS NOT NULL THEN json_build_object('id', au.id, 'displayName', au.display_name) END AS assigned_user,
         (SELECT rr.recorded_at FROM dossier.register_request rr WHERE rr.dossier_id = d.id) AS register_request_recorded_at
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office ro ON ro.id = d.receiving_office_id
  JOIN org.office co ON co.id = d.current_office_id
  LEFT JOIN admin.unit u ON u.id = d.commune_id
  LEFT JOIN registry.party pa ON pa.id = d.applicant_party_id
  LEFT JOIN auth.app_user au ON au.id = d.assigned_user_id
  WHERE d.id = $1`;

// The timeline, oldest first, with who acted and between which offices.
const eventsSql = `
  SELECT e.id, e.at, e.kind, e.from_state AS "fromState", e.to_state AS "toState", e.note, e.data,
         CASE WHEN a.id IS NOT NULL THEN json_build_object('id', a.id, 'displayName', a.display_name) END AS actor,
         CASE WHEN fo.id IS NOT NULL THEN json_build_object('id', fo.id, 'code', fo.code, 'name', fo.name) END AS "fromOffice",
         CASE WHEN t.id IS NOT NULL THEN json_build_object('id', t.id, 'code', t.code, 'name', t.name) END AS "toOffice"
  FROM dossier.event e
  LEFT JOIN auth.app_user a ON a.id = e.actor_user_id
  LEFT JOIN org.office fo ON fo.id = e.from_office_id
  LEFT JOIN org.office t ON t.id = e.to_office_id
  WHERE e.dossier_id = $1
  ORDER BY e.at, e.id`;

// Attachment metadata only; the files are served by their own route.
const attachmentsSql = `
  SELECT id, file_name AS "fileName", media_type AS "mediaType", byte_size AS "byteSize",
         document_kind AS "documentKind", uploaded_at AS "uploadedAt", has_thumbnail AS "hasThumbnail",
         width, height
  FROM dossier.attachment WHERE dossier_id = $1 ORDER BY uploaded_at, id`;

// Linked parcels with their current numbers and a WGS84 bbox for the map.
const parcelsSql = `
  SELECT p.parcel_id AS id, p.commune_code AS "communeCode", p.sheet_no AS "sheetNo",
         p.parcel_no AS "parcelNo", ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox
  FROM dossier.dossier_parcel dp
  JOIN cadastre.current_parcel p ON p.parcel_id = dp.parcel_id
  CROSS JOIN LATERAL ST_Transform(ST_Envelope(p.geom), 4326) AS b
  WHERE dp.dossier_id = $1
  ORDER BY p.parcel_id`;

const taxNoticesSql = `
  SELECT notice_no AS "noticeNo", amount, to_char(notice_date, 'YYYY-MM-DD') AS "noticeDate",
         recorded_at AS "recordedAt", channel
  FROM dossier.tax_notice WHERE dossier_id = $1 ORDER BY recorded_at, id`;

/**
 * The dossier `id` with its timeline, attachments, parcels, tax notices and when its
 * register data was recorded, or undefined.
 */
export async function dossierDetail(
  db: pg.Pool | pg.ClientBase,
  id: number,
): Promise<DossierDetail | undefined> {
  // One after the other: `db` may be a transaction's client, which runs one query at a time.
  const dossier = await db.query(dossierSql, [id]);
  const r = dossier.rows[0];
  if (!r) return undefined;
  const events = await db.query(eventsSql, [id]);
  const attachments = await db.query(attachmentsSql, [id]);
  const parcels = await db.query(parcelsSql, [id]);
  const notices = await db.query(taxNoticesSql, [id]);
  return {
    id: Number(r.id),
    receiptCode: r.receipt_code,
    state: r.state,
    channel: r.channel,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    pausedSince: r.paused_since,
    completedAt: r.completed_at,
    summary: r.summary,
    declaredValue: r.declared_value === null ? null : Number(r.declared_value),
    procedure: r.procedure,
    receivingOffice: r.receiving_office,
    currentOffice: r.current_office,
    commune: r.commune,
    applicant: r.applicant,
    assignedUser: r.assigned_user,
    events: events.rows.map((e) => ({ ...e, id: Number(e.id) })),
    attachments: attachments.rows.map((a) => ({
      ...a,
      id: Number(a.id),
      byteSize: Number(a.byteSize),
    })),
    parcels: parcels.rows.map((p) => ({ ...p, id: Number(p.id), bbox: p.bbox.map(Number) })),
    taxNotices: notices.rows.map((n) => ({ ...n, amount: Number(n.amount) })),
    registerRequestRecordedAt: r.register_request_recorded_at,
  };
}
