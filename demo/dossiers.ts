// Stores the sample dossiers: holidays first (they set the due dates), then for each land
// registration office its planned dossiers with their events and linked parcels.
import type pg from 'pg';
import {
  type DossierOffice,
  type DossierPlan,
  type ProcedureInfo,
  planOfficeDossiers,
} from './dossier_plans';
import { loadHolidays } from './holidays';
import type { OfficeIds } from './offices_and_users';
import type { ParcelSample } from './parcels';
import type { ProvincePlan } from './province_layout';
import { rngFor } from './random';

/** The offices that receive dossiers, with the officer who works on them. */
const receivingOffices: readonly { code: string; officer: string | null }[] = [
  { code: 'VPDK', officer: 'officer.province' },
  { code: 'CN-SOCTRANG', officer: 'officer.branch1' },
  { code: 'CN-MYXUYEN', officer: 'officer.branch2' },
  { code: 'CN-CHAUTHANH', officer: null },
];

async function procedureInfo(client: pg.ClientBase): Promise<Map<string, ProcedureInfo>> {
  const { rows } = await client.query<{
    code: string;
    name_vi: string;
    limit_working_days: string;
    involves_tax: boolean;
  }>('SELECT code, name_vi, limit_working_days, involves_tax FROM dossier.procedure WHERE active');
  return new Map(
    rows.map((row) => [
      row.code,
      {
        nameVi: row.name_vi,
        limitWorkingDays: Number(row.limit_working_days),
        involvesTax: row.involves_tax,
      },
    ]),
  );
}

/** Sample parcels per current commune, gathered from its legacy communes. */
function samplesByCurrentCommune(
  plan: ProvincePlan,
  samples: ReadonlyMap<string, readonly ParcelSample[]>,
): Map<string, ParcelSample[]> {
  return new Map(
    plan.currentCommunes.map((commune) => [
      commune.code,
      commune.members.flatMap((member) => samples.get(member.code) ?? []),
    ]),
  );
}

function idOf(map: ReadonlyMap<string, number>, key: string | null): number | null {
  if (key === null) return null;
  const id = map.get(key);
  if (id === undefined) throw new Error(`unknown demo reference ${key}`);
  return id;
}

async function insertDossier(
  client: pg.ClientBase,
  dossier: DossierPlan,
  offices: OfficeIds,
  communeIds: ReadonlyMap<string, number>,
): Promise<void> {
  let applicant = dossier.parcels[0]?.partyId ?? null;
  if (applicant === null) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO registry.party (kind, full_name, birth_year, id_kind, id_number, address)
       VALUES ('person', 'Nguyễn Văn Minh', 1980, 'cccd', '094080000001', 'thành phố Cần Thơ') RETURNING id`,
    );
    applicant = rows[0]?.id ?? null;
  }
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO dossier.dossier (receipt_code, procedure_code, state, channel, receiving_office_id, current_office_id,
                                  commune_id, applicant_party_id, assigned_user_id, received_at, due_at,
                                  completed_at, paused_since, summary)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [
      dossier.receiptCode,
      dossier.procedure,
      dossier.state,
      dossier.channel,
      idOf(offices.offices, dossier.office),
      idOf(offices.offices, dossier.currentOffice),
      idOf(communeIds, dossier.commune),
      applicant,
      idOf(offices.users, dossier.assignedUser),
      dossier.receivedAt,
      dossier.dueAt,
      dossier.completedAt,
      dossier.pausedSince,
      dossier.summary,
    ],
  );
  const dossierId = rows[0]?.id;
  if (dossierId === undefined) throw new Error(`dossier ${dossier.receiptCode} was not stored`);
  for (const event of dossier.events) {
    await client.query(
      `INSERT INTO dossier.event (dossier_id, at, actor_user_id, kind, from_state, to_state, from_office_id,
                                  to_office_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        dossierId,
        event.at,
        idOf(offices.users, event.actor),
        event.kind,
        event.fromState,
        event.toState,
        idOf(offices.offices, event.fromOffice),
        idOf(offices.offices, event.toOffice),
        event.note,
      ],
    );
  }
  // The tax leg of the sample: a notice and its payment, as the tax API would record them.
  const paid = dossier.events.find((event) => event.kind === 'tax_payment_recorded');
  if (paid) {
    const ref = dossier.receiptCode.slice(-9);
    await client.query(
      `INSERT INTO dossier.tax_notice (dossier_id, notice_no, amount, notice_date, recorded_at, channel)
       VALUES ($1, $2, 0, ($3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, $3, 'tax_api')`,
      [dossierId, `TB-${ref}`, paid.at],
    );
    await client.query(
      `INSERT INTO dossier.tax_payment (dossier_id, payment_ref, paid_on, amount, recorded_at, channel)
       VALUES ($1, $2, ($3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 0, $3, 'tax_api')`,
      [dossierId, `CT-${ref}`, paid.at],
    );
  }
  for (const parcel of dossier.parcels) {
    await client.query(
      'INSERT INTO dossier.dossier_parcel (dossier_id, parcel_id) VALUES ($1, $2)',
      [dossierId, parcel.parcelId],
    );
  }
}

/** Inserts the holidays and the sample dossiers; returns the number of dossiers. */
export async function loadDossiers(
  client: pg.ClientBase,
  plan: ProvincePlan,
  offices: OfficeIds,
  currentCommuneIds: ReadonlyMap<string, number>,
  samples: ReadonlyMap<string, readonly ParcelSample[]>,
  seed: number,
): Promise<number> {
  const holidays = await loadHolidays(client);
  const procedures = await procedureInfo(client);
  const byCommune = samplesByCurrentCommune(plan, samples);
  const allCommunes = plan.currentCommunes.map((c) => c.code);
  let count = 0;
  for (const { code, officer } of receivingOffices) {
    const served = offices.jurisdictions.get(code) ?? [];
    const office: DossierOffice = {
      code,
      officer,
      communes: served.length > 0 ? served : allCommunes,
    };
    const planned = planOfficeDossiers(
      rngFor(seed, 'dossiers', code),
      office,
      procedures,
      byCommune,
      holidays,
      count,
    );
    for (const dossier of planned) {
      await insertDossier(client, dossier, offices, currentCommuneIds);
      count++;
    }
  }
  return count;
}
