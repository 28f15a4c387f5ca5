import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';

import { HttpError } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';
import { requirePlanAccess } from '../plans/plan_access';
import {
  newPlanSchema,
  planUpdateSchema,
  publishSchema,
  withdrawSchema,
  zoneImportSchema,
  zoneUpdateSchema,
} from '../plans/plan_input';
import {
  createPlan,
  listPlans,
  loadPlan,
  type PlanSummary,
  publishPlan,
  updatePlan,
  withdrawPlan,
} from '../plans/plan_store';
import { PlanStateError, requirePlanState } from '../plans/plan_workflow';
import { loadZone, updateZone } from '../plans/zone_edit';
import { importZones } from '../plans/zone_import';

const planZonesSql = readFileSync(new URL('../plans/plan_zones.sql', import.meta.url), 'utf8');

export interface PlanRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  /** The tile cache of this process; applies the change log right after a write commits. */
  tiles?: { catchUp(): Promise<void> };
}

/**
 * Staff routes of the plan publication workflow under /api/plans: list, create, edit and
 * import zones of a draft, preview its zones (GeoJSON), publish with the decision number
 * and date, withhold zones, withdraw. Writes need `plan:publish`; reading needs `parcel:read`.
 */
export function planRoutes(deps: PlanRouteDeps): Router {
  const router = new Router({ prefix: '/api/plans' });

  /** Runs `work` on plan `id` (locked) in one audited transaction, then refreshes tiles. */
  const write = async <T>(
    ctx: Koa.Context,
    work: (db: pg.PoolClient, plan: PlanSummary) => Promise<T>,
  ): Promise<T> => {
    const principal = requirePlanAccess(ctx.state.principal, 'plan:publish');
    const id = idParam('id', ctx.params.id);
    const context = { userId: principal.userId, requestId: ctx.state.requestId, source: 'plan' };
    const result = await withTransaction(deps.pool, context, async (db) => {
      const plan = await loadPlan(db, id, true);
      if (!plan) throw new HttpError(404, `plan ${id} does not exist`);
      return work(db, plan);
    });
    await deps.tiles?.catchUp();
    return result;
  };

  const answerPlan = async (ctx: Koa.Context, id: number, status = 200) => {
    ctx.set('Cache-Control', 'private, no-store');
    ctx.status = status;
    ctx.body = await loadPlan(deps.pool, id);
  };

  router.get('/', async (ctx) => {
    requirePlanAccess(ctx.state.principal, 'parcel:read');
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { plans: await listPlans(deps.pool) };
  });

  router.post('/', async (ctx) => {
    const principal = requirePlanAccess(ctx.state.principal, 'plan:publish');
    const plan = parseInput(newPlanSchema, ctx.request.body);
    if (plan.periodEnd < plan.periodStart)
      throw new HttpError(400, 'periodEnd: must not be before periodStart', 'periodEnd');
    const context = { userId: principal.userId, requestId: ctx.state.requestId, source: 'plan' };
    const id = await withTransaction(deps.pool, context, (db) => createPlan(db, plan));
    ctx.set('Location', `/api/plans/${id}`);
    await answerPlan(ctx, id, 201);
  });

  router.get('/:id', async (ctx) => {
    requirePlanAccess(ctx.state.principal, 'parcel:read');
    const id = idParam('id', ctx.params.id);
    const plan = await loadPlan(deps.pool, id);
    if (!plan) throw new HttpError(404, `plan ${id} does not exist`);
    await answerPlan(ctx, id);
  });

  router.patch('/:id', async (ctx) => {
    const update = parseInput(planUpdateSchema, ctx.request.body);
    const id = await write(ctx, async (db, plan) => {
      requirePlanState(plan, 'editContent');
      const start = update.periodStart ?? plan.periodStart;
      if ((update.periodEnd ?? plan.periodEnd) < start)
        throw new HttpError(400, 'periodEnd: must not be before periodStart', 'periodEnd');
      await updatePlan(db, plan.id, update);
      return plan.id;
    });
    await answerPlan(ctx, id);
  });

  // Staff preview: every zone of the plan, whether disclosed or not.
  router.get('/:id/zones', async (ctx) => {
    requirePlanAccess(ctx.state.principal, 'parcel:read');
    const id = idParam('id', ctx.params.id);
    if (!(await loadPlan(deps.pool, id))) throw new HttpError(404, `plan ${id} does not exist`);
    const { rows } = await deps.pool.query(planZonesSql, [id]);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/geo+json';
    ctx.body = rows[0].collection;
  });

  router.post('/:id/zones', async (ctx) => {
    const input = parseInput(zoneImportSchema, ctx.request.body);
    const { id, zoneIds } = await write(ctx, async (db, plan) => {
      requirePlanState(plan, 'editContent');
      return { id: plan.id, zoneIds: await importZones(db, plan.id, input) };
    });
    ctx.status = 201;
    ctx.body = { planId: id, zoneIds };
  });

  router.patch('/:id/zones/:zoneId', async (ctx) => {
    const update = parseInput(zoneUpdateSchema, ctx.request.body);
    const zoneId = idParam('zoneId', ctx.params.zoneId);
    const id = await write(ctx, async (db, plan) => {
      const changesContent = Object.keys(update).some((key) => key !== 'withheld');
      requirePlanState(plan, changesContent ? 'editContent' : 'withhold');
      const zone = await loadZone(db, plan.id, zoneId);
      if (!zone) throw new HttpError(404, `plan ${plan.id} has no zone ${zoneId}`);
      const published = plan.status === 'published' ? { at: deps.clock() } : undefined;
      await updateZone(db, zone, update, published);
      return plan.id;
    });
    await answerPlan(ctx, id);
  });

  router.delete('/:id/zones/:zoneId', async (ctx) => {
    const zoneId = idParam('zoneId', ctx.params.zoneId);
    await write(ctx, async (db, plan) => {
      requirePlanState(plan, 'editContent');
      const { rowCount } = await db.query(
        'DELETE FROM planning.plan_zone WHERE id = $1 AND plan_id = $2',
        [zoneId, plan.id],
      );
      if (rowCount === 0) throw new HttpError(404, `plan ${plan.id} has no zone ${zoneId}`);
    });
    ctx.status = 204;
  });

  router.post('/:id/publish', async (ctx) => {
    const publication = parseInput(publishSchema, ctx.request.body);
    if (Number.isNaN(Date.parse(`${publication.decisionDate}T00:00:00Z`)))
      throw new HttpError(400, 'decisionDate: is not a calendar date', 'decisionDate');
    const id = await write(ctx, async (db, plan) => {
      requirePlanState(plan, 'publish');
      if (plan.zones === 0) throw new PlanStateError(`plan ${plan.id} has no zones to publish`);
      await publishPlan(db, plan.id, publication, deps.clock());
      return plan.id;
    });
    await answerPlan(ctx, id);
  });

  router.post('/:id/withdraw', async (ctx) => {
    const { reason } = parseInput(withdrawSchema, ctx.request.body);
    const id = await write(ctx, async (db, plan) => {
      requirePlanState(plan, 'withdraw');
      await withdrawPlan(db, plan.id, reason, deps.clock());
      return plan.id;
    });
    await answerPlan(ctx, id);
  });

  return router;
}
