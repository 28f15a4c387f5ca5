import type pg from 'pg';
import type { DossierList, DossierListItem } from '../../core/api/dossier';
import { type DossierState, dossierStates, finalStates } from '../../core/dossiers/workflow';
import {
  addWorkingDays,
  type HolidaySet,
  officeDayEnd,
  vietnamDate,
} from '../../core/dossiers/working_days';
import { type DossierScope, scopeParams, scopeSql } from './dossier_access';

/** Inbox filters; every one is optional. */
export interface DossierFilter {
  state?: DossierState | undefined;
  procedure?: string | undefined;
  overdue?: boolean | undefined;
  /** Part of a receipt code, or of the applicant's name with or without diacritics. */
  q?: string | undefined;
  limit: number;
  offset: number;
}

// Running clock past its due date / due by the end of the second working day from now.
// $4 = now, $5 = due-soon limit, $6 = final states.
const overdueSql = 'd.state <> ALL($6::text[]) AND d.paused_since IS NULL AND d.due_at < $4';
const dueSoonSql =
  'd.state <> ALL($6::text[]) AND d.paused_since IS NULL AND d.due_at >= $4 AND d.due_at <= $5';

// The visible dossiers matching the filters, soonest due first, with the total for paging.
const listSql = `
  SELECT d.id, d.receipt_code, d.procedure_code, p.name_vi AS procedure_name, d.state,
         d.current_office_id, o.code AS office_code, o.name AS office_name, d.commune_id,
         u.name AS commune_name, pa.full_name AS applicant_name, d.received_at, d.due_at,
         d.paused_since, d.completed_at, (${overdueSql}) AS overdue, (${dueSoonSql}) AS due_soon,
         count(*) OVER () AS total
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office o ON o.id = d.current_office_id
  LEFT JOIN admin.unit u ON u.id = d.commune_id
  LEFT JOIN registry.party pa ON pa.id = d.applicant_party_id
  WHERE ${scopeSql(1)}
    AND ($7::text IS NULL OR d.state = $7)
    AND ($8::text IS NULL OR d.procedure_code = $8)
    AND (NOT $9::boolean OR (${overdueSql}))
    AND ($10::text IS NULL OR d.receipt_code LIKE '%' || upper($10) || '%'
         OR ref.fold_text(pa.full_name) LIKE '%' || ref.fold_text($10) || '%')
  ORDER BY d.due_at NULLS LAST, d.id
  LIMIT $11 OFFSET $12`;

// Inbox tabs: counts by state, overdue and due soon over everything the user may see.
const countsSql = `
  SELECT d.state, count(*) AS n, count(*) FILTER (WHERE ${overdueSql}) AS overdue,
         count(*) FILTER (WHERE ${dueSoonSql}) AS due_soon
  FROM dossier.dossier d
  WHERE ${scopeSql(1)}
  GROUP BY d.state`;

/** `q` with LIKE's wildcards escaped, so `50%` looks for the text 50%. */
const likeText = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

const toItem = (r: Record<string, unknown>): DossierListItem => ({
  id: Number(r.id),
  receiptCode: String(r.receipt_code),
  procedure: { code: String(r.procedure_code), nameVi: String(r.procedure_name) },
  state: r.state as DossierState,
  currentOffice: {
    id: Number(r.current_office_id),
    code: String(r.office_code),
    name: String(r.office_name),
  },
  commune:
    r.commune_id === null ? null : { id: Number(r.commune_id), name: String(r.commune_name) },
  applicantName: (r.applicant_name as string | null) ?? null,
  receivedAt: r.received_at as Date,
  dueAt: (r.due_at as Date | null) ?? null,
  pausedSince: (r.paused_since as Date | null) ?? null,
  completedAt: (r.completed_at as Date | null) ?? null,
  overdue: Boolean(r.overdue),
  dueSoon: Boolean(r.due_soon),
});

/**
 * The dossiers `scope` covers that match `filter`, with counts by state, overdue (clock
 * running past the due date) and due soon (due within two working days).
 */
export async function listDossiers(
  db: pg.Pool | pg.ClientBase,
  scope: DossierScope,
  filter: DossierFilter,
  now: Date,
  holidays: HolidaySet,
): Promise<DossierList> {
  const soon = officeDayEnd(addWorkingDays(vietnamDate(now), 2, holidays));
  const common = [...scopeParams(scope), now, soon, [...finalStates]];
  const [list, counts] = await Promise.all([
    db.query(listSql, [
      ...common,
      filter.state ?? null,
      filter.procedure ?? null,
      filter.overdue ?? false,
      filter.q === undefined ? null : likeText(filter.q),
      filter.limit,
      filter.offset,
    ]),
    db.query(countsSql, common),
  ]);
  const byState = Object.fromEntries(dossierStates.map((s) => [s, 0])) as Record<
    DossierState,
    number
  >;
  let overdue = 0;
  let dueSoon = 0;
  for (const row of counts.rows) {
    byState[row.state as DossierState] = Number(row.n);
    overdue += Number(row.overdue);
    dueSoon += Number(row.due_soon);
  }
  return {
    items: list.rows.map(toItem),
    total: Number(list.rows[0]?.total ?? 0),
    counts: { byState, overdue, dueSoon },
  };
}
