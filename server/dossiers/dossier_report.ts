import type pg from 'pg';
import type { DossierReportRow } from '../../core/api/dossier';
import { finalStates } from '../../core/dossiers/workflow';
import { dayNumber, isoDate } from '../../core/dossiers/working_days';

// Counts per receiving office and procedure for the period [$1, $2); $3 restricts to one
// office (null = all), $4 is now, $5 the final states.
const reportSql = `
  SELECT o.code AS "officeCode", o.name AS "officeName", d.procedure_code AS "procedureCode",
         p.name_vi AS "procedureName",
         count(*) FILTER (WHERE d.received_at >= $1 AND d.received_at < $2) AS received,
         count(*) FILTER (WHERE d.state IN ('returned', 'rejected')
                            AND d.completed_at >= $1 AND d.completed_at < $2) AS completed,
         count(*) FILTER (WHERE d.state IN ('returned', 'rejected')
                            AND d.completed_at >= $1 AND d.completed_at < $2
                            AND d.completed_at <= d.due_at) AS "completedOnTime",
         count(*) FILTER (WHERE d.due_at >= $1 AND d.due_at < least($2, $4)
                            AND d.state NOT IN ('withdrawn', 'cancelled') AND d.paused_since IS NULL
                            AND (d.completed_at IS NULL OR d.completed_at > d.due_at)) AS overdue
  FROM dossier.dossier d
  JOIN org.office o ON o.id = d.receiving_office_id
  JOIN dossier.procedure p ON p.code = d.procedure_code
  WHERE ($3::int IS NULL OR d.receiving_office_id = $3)
    AND ((d.received_at >= $1 AND d.received_at < $2)
         OR (d.completed_at >= $1 AND d.completed_at < $2)
         OR (d.due_at >= $1 AND d.due_at < $2 AND d.state <> ALL($5::text[])))
  GROUP BY o.code, o.name, d.procedure_code, p.name_vi
  ORDER BY o.code, d.procedure_code`;

/**
 * Received, completed, completed on time and overdue dossiers per office and procedure
 * between the Vietnam calendar days `from` and `to` (both included).
 */
export async function dossierReport(
  db: pg.Pool | pg.ClientBase,
  period: { from: string; to: string; officeId: number | null; now: Date },
): Promise<DossierReportRow[]> {
  const start = new Date(`${period.from}T00:00:00+07:00`);
  const stop = new Date(`${isoDate(dayNumber(period.to) + 1)}T00:00:00+07:00`);
  const { rows } = await db.query(reportSql, [
    start,
    stop,
    period.officeId,
    period.now,
    [...finalStates],
  ]);
  return rows.map((r) => ({
    ...r,
    received: Number(r.received),
    completed: Number(r.completed),
    completedOnTime: Number(r.completedOnTime),
    overdue: Number(r.overdue),
  }));
}
