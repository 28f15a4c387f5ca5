import type pg from 'pg';
import { z } from 'zod';
import { newReceiptCode } from '../../core/dossiers/receipt_code';
import { dueDate, vietnamDate } from '../../core/dossiers/working_days';
import { idNumberProblem } from '../../core/registry/id_numbers';
import type { Principal } from '../auth/principal';
import { HttpError, invalidField } from '../http/http_error';
import { queueDossierReceivedMail } from '../notifications/dossier_mails';
import { loadHolidaySet } from './holiday_store';
import { findProcedure } from './procedure_catalog';

/** The body of POST /api/dossiers. Unknown fields are refused by the caller. */
export const newDossierSchema = z.object({
  procedure: z.string().regex(/^[a-z_]{3,40}$/, 'must be a procedure code such as transfer'),
  communeId: z.number('must be an admin unit id').int().positive(),
  parcelIds: z
    .array(z.number().int().positive(), 'must be a list of parcel ids')
    .max(50, 'must list at most 50 parcels')
    .default([]),
  applicant: z
    .strictObject({
      kind: z.enum(['person', 'household', 'organisation']).default('person'),
      fullName: z.string().trim().min(2, 'must be 2-200 characters').max(200),
      idKind: z.enum(['cccd', 'cmnd', 'passport', 'business_registration']).default('cccd'),
      idNumber: z.string().trim().toUpperCase(),
      address: z.string().trim().min(3, 'must be 3-300 characters').max(300),
      phone: z
        .string()
        .regex(/^\+?[0-9 ]{8,15}$/, 'must be 8-15 digits')
        .optional(),
      email: z.email('must be an e-mail address').max(254).optional(),
      language: z.enum(['vi', 'en'], 'must be vi or en').optional(),
    })
    .superRefine((applicant, issues) => {
      const rule = idNumberProblem(applicant.idKind, applicant.idNumber);
      if (rule) issues.addIssue({ code: 'custom', path: ['idNumber'], message: rule });
    }),
  channel: z.enum(['one_stop_centre', 'national_portal', 'post']).default('one_stop_centre'),
  declaredValue: z.number().int('must be whole VND').min(0).max(1e15).optional(),
  summary: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});
export type NewDossier = z.infer<typeof newDossierSchema>;

/** Whether the commune is marked remote or difficult (10 more working days). */
async function isRemoteCommune(client: pg.ClientBase, communeId: number): Promise<boolean> {
  const { rows } = await client.query<{ remote_area: boolean }>(
    'SELECT remote_area FROM admin.unit WHERE id = $1',
    [communeId],
  );
  return rows[0]?.remote_area === true;
}

/** The commune, if it is a commune valid on `day`, with the ids of its legacy communes. */
async function communeWithPredecessors(
  client: pg.ClientBase,
  communeId: number,
  day: string,
): Promise<number[] | undefined> {
  // Parcels keep the commune they were surveyed under: accept the legacy ones it absorbed.
  const { rows } = await client.query<{ ids: number[] | null }>(
    `WITH RECURSIVE served(id) AS (
       SELECT id FROM admin.unit WHERE id = $1 AND level = 'commune' AND valid @> $2::date
       UNION
       SELECT s.predecessor_id FROM admin.unit_succession s JOIN served ON s.successor_id = served.id
     )
     SELECT array_agg(id) AS ids FROM served`,
    [communeId, day],
  );
  return rows[0]?.ids ?? undefined;
}

async function checkParcels(
  client: pg.ClientBase,
  parcelIds: readonly number[],
  communeIds: readonly number[],
): Promise<void> {
  if (parcelIds.length === 0) return;
  const { rows } = await client.query<{ parcel_id: string; commune_id: number }>(
    'SELECT parcel_id, commune_id FROM cadastre.current_parcel WHERE parcel_id = ANY($1::bigint[])',
    [parcelIds],
  );
  const found = new Map(rows.map((row) => [Number(row.parcel_id), row.commune_id]));
  for (const [index, id] of parcelIds.entries()) {
    const commune = found.get(id);
    if (commune === undefined) {
      throw invalidField(`parcelIds.${index}`, `parcel ${id} does not exist or is not current`);
    }
    if (!communeIds.includes(commune)) {
      throw invalidField(`parcelIds.${index}`, `parcel ${id} lies outside the dossier's commune`);
    }
  }
}

/**
 * Receives a dossier at the actor's office, which may be any receiving point of the
 * province whatever the commune of the land (Decree 151/2025/NĐ-CP art. 18(1)): stores the
 * applicant (registry.party), the dossier in state `received` with an unguessable receipt
 * code and a due date counted in working days (the procedure's limit, plus its extra days
 * when the commune is marked remote), its parcels, and the `received` event. Returns the
 * new id; `forward` then hands it to the office that processes the commune.
 */
export async function createDossier(
  client: pg.ClientBase,
  principal: Principal,
  input: NewDossier,
  now: Date,
): Promise<number> {
  const office = principal.office;
  const procedure = await findProcedure(client, input.procedure);
  if (!procedure) {
    throw invalidField(
      'procedure',
      `${input.procedure} is not an active procedure (GET /api/procedures)`,
    );
  }
  const kinds: readonly string[] = procedure.route.receivingOfficeKinds;
  if (!office || !kinds.includes(office.kind)) {
    throw new HttpError(
      403,
      `procedure: ${procedure.code} is received by ${kinds.join(' or ')} offices; your office is ${office?.code ?? 'none'}`,
      'procedure',
    );
  }
  const communes = await communeWithPredecessors(client, input.communeId, vietnamDate(now));
  if (!communes) {
    throw invalidField('communeId', `${input.communeId} is not a commune valid today`);
  }
  await checkParcels(client, input.parcelIds, communes);

  const a = input.applicant;
  const party = await client.query<{ id: string }>(
    `INSERT INTO registry.party (kind, full_name, id_kind, id_number, address, phone, email, language)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      a.kind,
      a.fullName,
      a.idKind,
      a.idNumber,
      a.address,
      a.phone ?? null,
      a.email ?? null,
      a.language ?? null,
    ],
  );
  const holidays = await loadHolidaySet(client);
  const remote = await isRemoteCommune(client, input.communeId);
  const limit = procedure.limitWorkingDays + (remote ? procedure.remoteExtraWorkingDays : 0);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO dossier.dossier (receipt_code, procedure_code, state, channel, receiving_office_id,
                                  current_office_id, commune_id, applicant_party_id, received_at, due_at,
                                  summary, declared_value)
     VALUES ($1, $2, 'received', $3, $4, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      newReceiptCode(),
      procedure.code,
      input.channel,
      office.id,
      input.communeId,
      party.rows[0]?.id,
      now,
      dueDate(now, limit, holidays),
      input.summary ?? procedure.nameVi,
      input.declaredValue ?? null,
    ],
  );
  const id = Number(rows[0]?.id);
  await client.query(
    `INSERT INTO dossier.dossier_parcel (dossier_id, parcel_id) SELECT DISTINCT $1::bigint, unnest($2::bigint[])`,
    [id, input.parcelIds],
  );
  await client.query(
    `INSERT INTO dossier.event (dossier_id, at, actor_user_id, kind, from_state, to_state, to_office_id, data)
     VALUES ($1, $2, $3, 'received', NULL, 'received', $4, $5)`,
    [
      id,
      now,
      principal.userId,
      office.id,
      { channel: input.channel, limitWorkingDays: limit, ...(remote ? { remoteArea: true } : {}) },
    ],
  );
  // Sent by the mail sender once this transaction commits.
  await queueDossierReceivedMail(client, id);
  return id;
}
