import type pg from 'pg';
import type { PublicPlan } from '../../core/api/public_plan';

const publicPlanSql = `
  SELECT id, name, kind, period_start AS "periodStart", period_end AS "periodEnd",
         decision_no AS "decisionNo", to_char(decision_date, 'YYYY-MM-DD') AS "decisionDate",
         approved_by AS "approvedBy", published_at AS "publishedAt", legend
  FROM planning.public_plan
  WHERE $1::int IS NULL OR id = $1
  ORDER BY decision_date DESC, id DESC`;

/** Published plans (or the one with `id`), read as the public role. */
export async function publicPlans(db: pg.ClientBase, id?: number): Promise<PublicPlan[]> {
  const { rows } = await db.query(publicPlanSql, [id ?? null]);
  return rows.map((row) => ({
    ...row,
    legend: row.legend.map((entry: PublicPlan['legend'][number]) => ({
      ...entry,
      areaHa: Number(entry.areaHa),
    })),
  }));
}
