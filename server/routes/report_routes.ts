import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { dayNumber } from '../../core/dossiers/working_days';
import { dossierScope } from '../dossiers/dossier_access';
import { requireStaff } from '../dossiers/dossier_guards';
import { dossierReport } from '../dossiers/dossier_report';
import { reportCsv } from '../dossiers/report_csv';
import { calendarDay } from '../http/date_params';
import { HttpError, invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';

const reportQuery = z
  .object({
    from: calendarDay,
    to: calendarDay,
    format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
  })
  .strict();

/**
 * GET /api/reports/dossiers?from=&to=&format=json|csv: received, completed, completed on
 * time and overdue per office and procedure. Branch staff get their own office only.
 */
export function reportRoutes(deps: { pool: pg.Pool; clock: () => Date }): Router {
  const router = new Router({ prefix: '/api/reports' });

  router.get('/dossiers', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const query = parseInput(reportQuery, ctx.query, 'query');
    const days = dayNumber(query.to) - dayNumber(query.from);
    if (days < 0) throw invalidField('to', `must not be before from (${query.from})`);
    if (days > 3660) throw invalidField('to', 'the period must be at most 10 years');
    const scope = dossierScope(principal);
    if (scope.kind === 'none') throw new HttpError(403, 'reports: your office has no dossiers');
    const officeId = scope.kind === 'office' ? scope.officeId : null;
    const rows = await dossierReport(deps.pool, { ...query, officeId, now: deps.clock() });
    ctx.set('Cache-Control', 'private, no-store');
    if (query.format === 'csv') {
      ctx.attachment(`dossiers-${query.from}-${query.to}.csv`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = reportCsv(rows);
      return;
    }
    ctx.body = { from: query.from, to: query.to, officeId, rows };
  });

  return router;
}
