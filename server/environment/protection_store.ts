import type pg from 'pg';
import { invalidField } from '../http/http_error';
import type { ProtectionRecordInput } from './protection_input';

/** A registry record as staff see it (owner details included). */
export type ProtectionRecord = ProtectionRecordInput & { id: number; updatedAt: Date };

const recordColumns = `
  r.id, r.kind, r.project_name AS "projectName", r.owner_kind AS "ownerKind", r.owner_name AS "ownerName",
  r.owner_address AS "ownerAddress", r.owner_contact AS "ownerContact", u.code AS "communeCode",
  ST_AsGeoJSON(r.geom, 7)::json AS location, r.approving_body AS "approvingBody",
  r.decision_no AS "decisionNo", to_char(r.decision_date, 'YYYY-MM-DD') AS "decisionDate",
  r.status, r.note, r.updated_at AS "updatedAt"`;

/** Filters for the staff list; every one optional. */
export interface RecordFilter {
  q?: string | undefined;
  kind?: string | undefined;
  status?: string | undefined;
  commune?: string | undefined;
  bbox?: [number, number, number, number] | undefined;
  limit: number;
  offset: number;
}

// ILIKE patterns take the search text literally.
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Records matching `filter`, newest decision first, and how many match in all. */
export async function listRecords(
  db: pg.ClientBase | pg.Pool,
  filter: RecordFilter,
): Promise<{ total: number; records: ProtectionRecord[] }> {
  const { rows } = await db.query(
    `SELECT ${recordColumns}, count(*) OVER ()::int AS total
     FROM environment.protection_record r LEFT JOIN admin.unit u ON u.id = r.commune_id
     WHERE ($1::text IS NULL OR r.project_name ILIKE '%' || $1 || '%' OR r.owner_name ILIKE '%' || $1 || '%'
            OR r.decision_no ILIKE '%' || $1 || '%')
       AND ($2::text IS NULL OR r.kind = $2) AND ($3::text IS NULL OR r.status = $3)
       AND ($4::text IS NULL OR u.code = $4)
       AND ($5::float8[] IS NULL OR r.geom && ST_MakeEnvelope($5[1], $5[2], $5[3], $5[4], 4326))
     ORDER BY r.decision_date DESC NULLS FIRST, r.id DESC
     LIMIT $6 OFFSET $7`,
    [
      filter.q ? likeEscape(filter.q) : null,
      filter.kind ?? null,
      filter.status ?? null,
      filter.commune ?? null,
      filter.bbox ?? null,
      filter.limit,
      filter.offset,
    ],
  );
  return {
    total: rows[0]?.total ?? 0,
    records: rows.map(({ total: _total, ...record }) => record as ProtectionRecord),
  };
}

/** Record `id`, or undefined. */
export async function loadRecord(
  db: pg.ClientBase | pg.Pool,
  id: number,
): Promise<ProtectionRecord | undefined> {
  const { rows } = await db.query(
    `SELECT ${recordColumns} FROM environment.protection_record r
     LEFT JOIN admin.unit u ON u.id = r.commune_id WHERE r.id = $1`,
    [id],
  );
  return rows[0];
}

async function communeId(
  db: pg.ClientBase,
  code: string | null | undefined,
): Promise<number | null> {
  if (!code) return null;
  const { rows } = await db.query(
    `SELECT id FROM admin.unit WHERE level = 'commune' AND code = $1
     ORDER BY upper(valid) DESC NULLS FIRST LIMIT 1`,
    [code],
  );
  if (!rows[0]) throw invalidField('communeCode', `no commune has code ${code}`);
  return rows[0].id;
}

const values = async (db: pg.ClientBase, record: ProtectionRecordInput) => [
  record.kind,
  record.projectName,
  record.ownerKind,
  record.ownerName,
  record.ownerAddress ?? null,
  record.ownerContact ?? null,
  await communeId(db, record.communeCode),
  JSON.stringify(record.location),
  record.approvingBody,
  record.decisionNo ?? null,
  record.decisionDate ?? null,
  record.status,
  record.note ?? null,
];

/** Stores a new record; returns its id. The caller checked the location. */
export async function insertRecord(
  db: pg.ClientBase,
  record: ProtectionRecordInput,
): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO environment.protection_record (kind, project_name, owner_kind, owner_name, owner_address,
       owner_contact, commune_id, geom, approving_body, decision_no, decision_date, status, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON($8)), 4326), $9, $10, $11::date, $12, $13)
     RETURNING id`,
    await values(db, record),
  );
  return rows[0].id;
}

/** Replaces every field of record `id` with `record`. */
export async function replaceRecord(
  db: pg.ClientBase,
  id: number,
  record: ProtectionRecordInput,
): Promise<void> {
  await db.query(
    `UPDATE environment.protection_record
     SET kind = $1, project_name = $2, owner_kind = $3, owner_name = $4, owner_address = $5,
         owner_contact = $6, commune_id = $7, geom = ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON($8)), 4326),
         approving_body = $9, decision_no = $10, decision_date = $11::date, status = $12, note = $13,
         updated_at = now()
     WHERE id = $14`,
    [...(await values(db, record)), id],
  );
}
