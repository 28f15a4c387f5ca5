import type pg from 'pg';
import type { NewPlan, PlanUpdate, Publication } from './plan_input';
import type { PlanStatus } from './plan_workflow';

/** A plan as staff screens show it, with counts of its zones. */
export interface PlanSummary {
  id: number;
  name: string;
  kind: 'master_plan' | 'annual_plan';
  periodStart: number;
  periodEnd: number;
  status: PlanStatus;
  decisionNo: string | null;
  decisionDate: string | null;
  approvedBy: string | null;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  zones: number;
  disclosedZones: number;
}

const planColumns = `
  p.id, p.name, p.kind, p.period_start AS "periodStart", p.period_end AS "periodEnd", p.status,
  p.decision_no AS "decisionNo", to_char(p.decision_date, 'YYYY-MM-DD') AS "decisionDate",
  p.approved_by AS "approvedBy", p.published_at AS "publishedAt", p.withdrawn_at AS "withdrawnAt",
  p.withdrawal_reason AS "withdrawalReason",
  (SELECT count(*)::int FROM planning.plan_zone z WHERE z.plan_id = p.id) AS zones,
  (SELECT count(*)::int FROM planning.plan_zone z WHERE z.plan_id = p.id AND z.disclosed) AS "disclosedZones"`;

/** Every plan, newest first. */
export async function listPlans(db: pg.ClientBase | pg.Pool): Promise<PlanSummary[]> {
  const { rows } = await db.query(`SELECT ${planColumns} FROM planning.plan p ORDER BY p.id DESC`);
  return rows;
}

/** Plan `id`, locked for the rest of the transaction when `lock` is set; undefined when missing. */
export async function loadPlan(
  db: pg.ClientBase | pg.Pool,
  id: number,
  lock = false,
): Promise<PlanSummary | undefined> {
  const { rows } = await db.query(
    `SELECT ${planColumns} FROM planning.plan p WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`,
    [id],
  );
  return rows[0];
}

/** Stores a new draft plan for the province of the department; returns its id. */
export async function createPlan(db: pg.ClientBase, plan: NewPlan): Promise<number> {
  const { rows } = await db.query(
    `INSERT INTO planning.plan (name, kind, period_start, period_end, province_id)
     VALUES ($1, $2, $3, $4,
             (SELECT id FROM admin.unit WHERE level = 'province' AND upper_inf(valid) ORDER BY id LIMIT 1))
     RETURNING id`,
    [plan.name, plan.kind, plan.periodStart, plan.periodEnd],
  );
  return rows[0].id;
}

/** Changes the given fields of a draft plan (the caller checked its state). */
export async function updatePlan(db: pg.ClientBase, id: number, update: PlanUpdate): Promise<void> {
  await db.query(
    `UPDATE planning.plan
     SET name = coalesce($2, name), kind = coalesce($3, kind),
         period_start = coalesce($4, period_start), period_end = coalesce($5, period_end)
     WHERE id = $1`,
    [
      id,
      update.name ?? null,
      update.kind ?? null,
      update.periodStart ?? null,
      update.periodEnd ?? null,
    ],
  );
}

/**
 * Publishes a draft plan: discloses every zone that is not withheld and records the
 * decision. The tile triggers of migration 0012 log the change for all of its zones.
 */
export async function publishPlan(
  db: pg.ClientBase,
  id: number,
  publication: Publication,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE planning.plan_zone
     SET disclosed = NOT withheld, published_at = CASE WHEN withheld THEN NULL ELSE $2::timestamptz END
     WHERE plan_id = $1`,
    [id, at],
  );
  await db.query(
    `UPDATE planning.plan
     SET status = 'published', decision_no = $2, decision_date = $3::date,
         approved_by = coalesce($4, approved_by), published_at = $5
     WHERE id = $1`,
    [id, publication.decisionNo, publication.decisionDate, publication.approvedBy ?? null, at],
  );
}

/** Withdraws a plan: none of its zones is public any more (planning.disclosed_zone). */
export async function withdrawPlan(
  db: pg.ClientBase,
  id: number,
  reason: string,
  at: Date,
): Promise<void> {
  await db.query(
    `UPDATE planning.plan SET status = 'withdrawn', withdrawn_at = $2, withdrawal_reason = $3
     WHERE id = $1`,
    [id, at, reason],
  );
}
