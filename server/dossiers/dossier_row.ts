import type pg from 'pg';
import type { DossierFacts, DossierState, OfficeKind } from '../../core/dossiers/workflow';
import type { DossierPlace } from './dossier_access';

/** A dossier with what the workflow and the access rule need to know about it. */
export interface DossierRow extends DossierFacts, DossierPlace {
  id: number;
  receiptCode: string;
  currentOfficeKind: OfficeKind;
  assignedUserId: number | null;
  receivedAt: Date;
  dueAt: Date | null;
  pausedSince: Date | null;
  completedAt: Date | null;
}

// One dossier with its procedure's route, its current office, the office that processes
// it (the branch serving its commune, or the provincial office), and whether its tax
// payment and the commune's step are on record; FOR UPDATE (when asked) serialises
// concurrent transitions of the same dossier.
const dossierSql = (lock: boolean) => `
  SELECT d.id, d.receipt_code, d.state, d.procedure_code, p.processing_office_kind, p.involves_tax,
         p.involves_commune, d.current_office_id, o.code AS current_office_code,
         o.kind AS current_office_kind, d.receiving_office_id, d.commune_id, d.assigned_user_id,
         d.received_at, d.due_at, d.paused_since, d.completed_at,
         EXISTS (SELECT 1 FROM dossier.tax_payment tp WHERE tp.dossier_id = d.id) AS tax_paid,
         EXISTS (SELECT 1 FROM dossier.event e
                 WHERE e.dossier_id = d.id AND e.kind = 'returned_from_commune') AS commune_confirmed,
         CASE WHEN p.processing_office_kind = 'branch' THEN
           (SELECT b.id FROM org.office b
            WHERE b.kind = 'branch' AND b.active AND d.commune_id IN (SELECT org.office_commune_ids(b.id))
            ORDER BY b.id LIMIT 1)
         ELSE (SELECT v.id FROM org.office v WHERE v.kind = p.processing_office_kind AND v.active
               ORDER BY v.id LIMIT 1)
         END AS processing_office_id
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office o ON o.id = d.current_office_id
  WHERE ${lock ? 'd.id = $1 FOR UPDATE OF d' : 'd.id = $1'}`;

const toRow = (r: Record<string, unknown>): DossierRow => ({
  id: Number(r.id),
  receiptCode: String(r.receipt_code),
  state: r.state as DossierState,
  procedureCode: String(r.procedure_code),
  processingOfficeKind: r.processing_office_kind as OfficeKind,
  involvesTax: Boolean(r.involves_tax),
  involvesCommune: Boolean(r.involves_commune),
  taxPaid: Boolean(r.tax_paid),
  communeConfirmed: Boolean(r.commune_confirmed),
  processingOfficeId: r.processing_office_id === null ? null : Number(r.processing_office_id),
  currentOfficeId: Number(r.current_office_id),
  currentOfficeCode: String(r.current_office_code),
  currentOfficeKind: r.current_office_kind as OfficeKind,
  receivingOfficeId: Number(r.receiving_office_id),
  communeId: r.commune_id === null ? null : Number(r.commune_id),
  assignedUserId: r.assigned_user_id === null ? null : Number(r.assigned_user_id),
  receivedAt: r.received_at as Date,
  dueAt: (r.due_at as Date | null) ?? null,
  pausedSince: (r.paused_since as Date | null) ?? null,
  completedAt: (r.completed_at as Date | null) ?? null,
});

/** The dossier `id`, or undefined; `lock` takes a row lock until the transaction ends. */
export async function loadDossier(
  db: pg.Pool | pg.ClientBase,
  id: number,
  lock = false,
): Promise<DossierRow | undefined> {
  const { rows } = await db.query(dossierSql(lock), [id]);
  return rows[0] ? toRow(rows[0]) : undefined;
}

/** The id of the dossier with this receipt code, or undefined. */
export async function dossierIdByReceipt(
  db: pg.Pool | pg.ClientBase,
  receiptCode: string,
): Promise<number | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM dossier.dossier WHERE receipt_code = $1',
    [receiptCode],
  );
  return rows[0] ? Number(rows[0].id) : undefined;
}
