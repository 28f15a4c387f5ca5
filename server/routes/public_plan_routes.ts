import Router from '@koa/router';
import type pg from 'pg';
import { asPublic } from '../../core/db/transaction';
import { HttpError } from '../http/http_error';
import { idParam } from '../http/validate';
import { publicPlans } from '../plans/public_plans';

/**
 * GET /api/public/plans and /api/public/plans/{id}: published land-use plans with their
 * decision number and date and the legend of their disclosed zones. Draft and withdrawn
 * plans answer 404. Runs as the public role.
 */
export function publicPlanRoutes(deps: { publicPool: pg.Pool }): Router {
  const router = new Router({ prefix: '/api/public/plans' });

  router.get('/', async (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = { plans: await asPublic(deps.publicPool, (db) => publicPlans(db)) };
  });

  router.get('/:id', async (ctx) => {
    const id = idParam('id', ctx.params.id);
    const [plan] = await asPublic(deps.publicPool, (db) => publicPlans(db, id));
    if (!plan) throw new HttpError(404, `no published plan has id ${id}`);
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = plan;
  });

  return router;
}
