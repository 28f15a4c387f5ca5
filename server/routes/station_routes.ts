import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic } from '../../core/db/transaction';
import { isoInstant } from '../http/date_params';
import { invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';
import { observationSeries } from '../monitoring/observation_series';
import { listStations } from '../monitoring/stations';

const seriesQuery = z
  .object({
    parameter: z.string().regex(/^[A-Za-z0-9_.+-]{1,32}$/, 'must be a parameter code such as BOD5'),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
    points: z.coerce
      .number()
      .int()
      .min(10, 'must be 10-5000')
      .max(5000, 'must be 10-5000')
      .default(500),
  })
  .strict();

/** GET /api/stations and GET /api/stations/{id}/observations: public monitoring data. */
export function stationRoutes(deps: {
  pool: pg.Pool;
  publicPool: pg.Pool;
  clock: () => Date;
}): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/stations', async (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { stations: await asPublic(deps.publicPool, listStations) };
  });

  router.get('/stations/:id/observations', async (ctx) => {
    const raw = ctx.params.id ?? '';
    if (!/^[1-9][0-9]{0,8}$/.test(raw))
      throw invalidField('id', `must be a positive integer, got ${raw}`);
    const params = parseInput(seriesQuery, ctx.query, 'query');
    const to = params.to ?? deps.clock();
    const from = params.from ?? new Date(to.getTime() - 366 * 86_400_000);
    if (from >= to) throw invalidField('from', 'must be before to');
    const series = await asPublic(deps.publicPool, (client) =>
      observationSeries(client, {
        stationId: Number(raw),
        parameter: params.parameter,
        from,
        to,
        maxPoints: params.points,
      }),
    );
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { ...series, from, to };
  });

  return router;
}
