import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { CitizenDossier, CitizenDossierDetail } from '../../core/api/citizen';
import { DiagisError } from '../../core/errors/diagis_error';

const dossiersSql = readFileSync(new URL('./citizen_dossiers.sql', import.meta.url), 'utf8');

const receiptPattern = /^[A-Z0-9-]{16,40}$/;

interface DossierRow {
  id: string;
  receipt_code: string;
  procedure_code: string;
  procedure_name_vi: string;
  procedure_name_en: string;
  state: string;
  received_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  current_office_name: string;
}

const iso = (at: Date | null): string | null => (at ? at.toISOString() : null);

const dossierOf = (row: DossierRow): CitizenDossier => ({
  receiptCode: row.receipt_code,
  procedure: {
    code: row.procedure_code,
    nameVi: row.procedure_name_vi,
    nameEn: row.procedure_name_en,
  },
  state: row.state,
  receivedAt: row.received_at.toISOString(),
  dueAt: iso(row.due_at),
  completedAt: iso(row.completed_at),
});

/** The dossiers whose applicant has the personal ID number `idNumber` (at most 200, newest first). */
export async function citizenDossiers(
  db: pg.Pool | pg.ClientBase,
  idNumber: string,
): Promise<CitizenDossier[]> {
  const { rows } = await db.query<DossierRow>(dossiersSql, [idNumber, null]);
  return rows.map(dossierOf);
}

/**
 * One dossier of the citizen with `idNumber`, with its office and state changes. Throws
 * `not_found` alike for a code that does not exist and for another person's dossier, so
 * the answer tells nothing about dossiers that are not the citizen's.
 */
export async function citizenDossier(
  db: pg.Pool | pg.ClientBase,
  idNumber: string,
  receiptCode: string,
): Promise<CitizenDossierDetail> {
  const code = receiptCode.trim().toUpperCase();
  const notFound = new DiagisError(
    'not_found',
    `receiptCode: you have no dossier with the code ${code.slice(0, 40)}`,
    { field: 'receiptCode' },
  );
  if (!receiptPattern.test(code)) throw notFound;
  const row = (await db.query<DossierRow>(dossiersSql, [idNumber, code])).rows[0];
  if (!row) throw notFound;
  const events = await db.query<{ at: Date; to_state: string }>(
    `SELECT at, to_state FROM dossier.event
     WHERE dossier_id = $1 AND to_state IS NOT NULL ORDER BY at, id`,
    [row.id],
  );
  return {
    ...dossierOf(row),
    currentOffice: row.current_office_name,
    steps: events.rows.map((event) => ({ at: event.at.toISOString(), state: event.to_state })),
  };
}
