import Router from '@koa/router';
import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic } from '../../core/db/transaction';
import { calendarDay } from '../http/date_params';
import { parseInput } from '../http/validate';
import { currentCommunes, landStatistics } from '../statistics/land_statistics';

const query = z
  .object({
    commune: z
      .string()
      .regex(/^[0-9]{5}$/, 'must be a 5-digit commune code')
      .optional(),
    date: calendarDay.optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

const vietnamToday = (now: Date) =>
  new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * GET /api/statistics/land-use: area by land-use code, public (aggregates only), JSON or
 * CSV; GET /api/public/communes: today's communes, for choosing one.
 */
export function statisticsRoutes(deps: {
  pool: pg.Pool;
  publicPool: pg.Pool;
  clock: () => Date;
}): Router {
  const router = new Router({ prefix: '/api' });
  router.get('/statistics/land-use', async (ctx) => {
    const params = parseInput(query, ctx.query, 'query');
    const day = params.date ?? vietnamToday(deps.clock());
    // The state at the end of the day in Vietnam (or now, for today).
    const at = params.date ? new Date(`${day}T23:59:59.999+07:00`) : deps.clock();
    const stats = await asPublic(deps.publicPool, (client) =>
      landStatistics(client, { communeCode: params.commune, day, at }),
    );
    ctx.set('Cache-Control', 'public, max-age=300');
    if (params.format === 'csv') {
      ctx.attachment(`land-use-${stats.commune?.code ?? 'province'}-${day}.csv`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = stringify(
        stats.rows.map((row) => ({ ...row, areaHa: row.areaHa.toFixed(2) })),
        {
          bom: true,
          header: true,
          record_delimiter: 'windows',
          columns: [
            { key: 'code', header: 'code' },
            { key: 'name', header: 'name' },
            { key: 'nameEn', header: 'name_en' },
            { key: 'category', header: 'category' },
            { key: 'parcels', header: 'parcels' },
            { key: 'areaHa', header: 'area_ha' },
          ],
        },
      );
      return;
    }
    ctx.body = { ...stats, day };
  });
  router.get('/public/communes', async (ctx) => {
    const day = vietnamToday(deps.clock());
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = {
      communes: await asPublic(deps.publicPool, (client) => currentCommunes(client, day)),
    };
  });
  return router;
}
