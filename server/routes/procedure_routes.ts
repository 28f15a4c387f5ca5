import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic, withTransaction } from '../../core/db/transaction';
import { dayNumber, vietnamDate } from '../../core/dossiers/working_days';
import type { Principal } from '../auth/principal';
import { parseStrictBody } from '../dossiers/action_input';
import { addHoliday, listHolidays, removeHoliday } from '../dossiers/holiday_store';
import { listProcedures } from '../dossiers/procedure_catalog';
import { setRemoteArea } from '../dossiers/remote_communes';
import { calendarDay } from '../http/date_params';
import { HttpError, invalidField } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';

const isoDay = calendarDay;

const newHoliday = z.object({
  day: isoDay,
  name: z.string().trim().min(2, 'must be 2-120 characters').max(120, 'must be 2-120 characters'),
});

const remoteAreaBody = z
  .object({
    remote: z.boolean('must be true or false'),
    basis: z
      .string()
      .trim()
      .min(2, 'must be 2-300 characters')
      .max(300, 'must be 2-300 characters')
      .optional(),
  })
  .refine((body) => !body.remote || body.basis !== undefined, {
    path: ['basis'],
    message: 'is required when marking a commune remote (the decision that classifies it)',
  });

const holidayQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000, 'must be 2000-2100')
    .max(2100, 'must be 2000-2100')
    .optional(),
});

/**
 * GET /api/procedures (public): procedures with limits, documents and route.
 * GET /api/holidays (public), POST and DELETE /api/holidays/{day} (admin): the calendar
 * of the statutory clock. PUT /api/communes/{id}/remote-area (admin): marks a commune
 * remote or difficult, which adds the procedures' extra working days.
 */
export function procedureRoutes(deps: {
  pool: pg.Pool;
  publicPool: pg.Pool;
  clock?: () => Date;
}): Router {
  const clock = deps.clock ?? (() => new Date());
  const router = new Router({ prefix: '/api' });

  router.get('/procedures', async (ctx) => {
    const procedures = await asPublic(deps.publicPool, (client) => listProcedures(client));
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { procedures };
  });

  router.get('/holidays', async (ctx) => {
    const { year } = parseInput(holidayQuery, ctx.query, 'query');
    const holidays = await asPublic(deps.publicPool, (client) => listHolidays(client, year));
    ctx.body = { holidays };
  });

  const requireAdmin = (principal: Principal | undefined, what = 'holidays') => {
    if (!principal) throw new HttpError(401, `sign in as an administrator to edit ${what}`);
    if (principal.role !== 'admin') throw new HttpError(403, `only administrators edit ${what}`);
  };

  router.post('/holidays', async (ctx) => {
    requireAdmin(ctx.state.principal);
    const holiday = parseStrictBody(newHoliday, ctx.request.body);
    const write = { userId: ctx.state.principal?.userId, requestId: ctx.state.requestId };
    const added = await withTransaction(deps.pool, write, (client) => addHoliday(client, holiday));
    if (!added) throw new HttpError(409, `day: ${holiday.day} is already a holiday`, 'day');
    ctx.status = 201;
    ctx.body = { holiday };
  });

  router.delete('/holidays/:day', async (ctx) => {
    requireAdmin(ctx.state.principal);
    const day = ctx.params.day ?? '';
    try {
      dayNumber(day);
    } catch {
      throw invalidField('day', `must be a date YYYY-MM-DD, got ${day}`);
    }
    const write = { userId: ctx.state.principal?.userId, requestId: ctx.state.requestId };
    const removed = await withTransaction(deps.pool, write, (client) => removeHoliday(client, day));
    if (!removed) throw new HttpError(404, `day: ${day} is not a holiday`, 'day');
    ctx.status = 204;
  });

  router.put('/communes/:id/remote-area', async (ctx) => {
    requireAdmin(ctx.state.principal, 'remote communes');
    const communeId = idParam('id', ctx.params.id);
    const body = parseStrictBody(remoteAreaBody, ctx.request.body);
    const write = { userId: ctx.state.principal?.userId, requestId: ctx.state.requestId };
    const commune = await withTransaction(deps.pool, write, (client) =>
      setRemoteArea(client, {
        communeId,
        remote: body.remote,
        basis: body.basis ?? null,
        day: vietnamDate(clock()),
      }),
    );
    if (!commune) throw new HttpError(404, `commune ${communeId} is not a commune valid today`);
    ctx.body = { commune };
  });

  return router;
}
