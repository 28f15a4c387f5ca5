import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic, withTransaction } from '../../core/db/transaction';
import { observationBatchSchema } from '../../core/monitoring/observation_rules';
import { can } from '../auth/access_policy';
import { isoInstant } from '../http/date_params';
import { HttpError, invalidField } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';
import { maxCsvRows, observationCsv } from '../monitoring/observation_csv';
import { storeObservations } from '../monitoring/observation_intake';
import { issueStationKey, stationByKey } from '../monitoring/station_keys';

const csvQuery = z
  .object({
    parameter: z
      .string()
      .regex(/^[A-Za-z0-9_.+-]{1,32}$/, 'must be a parameter code such as BOD5')
      .optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .strict();

/**
 * Observation intake and download: POST /api/stations/{id}/observations with the station's
 * X-API-Key, POST /api/stations/{id}/api-key (staff with `monitoring:write`, answers a new
 * key once) and GET /api/stations/{id}/observations.csv (public, raw values).
 */
export function observationRoutes(deps: {
  pool: pg.Pool;
  publicPool: pg.Pool;
  clock: () => Date;
}): Router {
  const router = new Router({ prefix: '/api/stations' });

  router.post('/:id/observations', async (ctx) => {
    const stationId = idParam('id', ctx.params.id);
    const station = await stationByKey(deps.pool, stationId, ctx.get('X-API-Key') || undefined);
    if (!station) {
      throw new HttpError(
        401,
        `X-API-Key: missing or not the key of an active station ${stationId}`,
        'X-API-Key',
      );
    }
    const batch = parseInput(observationBatchSchema, ctx.request.body);
    const stored = await withTransaction(
      deps.pool,
      { requestId: ctx.state.requestId, source: `station:${station.code}` },
      (db) => storeObservations(db, station, batch, deps.clock()),
    );
    ctx.status = 201;
    ctx.body = { stationId, stored };
  });

  router.post('/:id/api-key', async (ctx) => {
    const principal = ctx.state.principal;
    if (!principal) throw new HttpError(401, 'sign in to manage station keys');
    if (!can(principal, 'monitoring:write'))
      throw new HttpError(403, `role ${principal.role} may not manage monitoring stations`);
    const stationId = idParam('id', ctx.params.id);
    const context = { userId: principal.userId, requestId: ctx.state.requestId, source: 'station' };
    const apiKey = await withTransaction(deps.pool, context, (db) =>
      issueStationKey(db, stationId),
    );
    if (!apiKey) throw new HttpError(404, `station ${stationId} does not exist`);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 201;
    ctx.body = { stationId, apiKey };
  });

  router.get('/:id/observations.csv', async (ctx) => {
    const stationId = idParam('id', ctx.params.id);
    const params = parseInput(csvQuery, ctx.query, 'query');
    const to = params.to ?? deps.clock();
    const from = params.from ?? new Date(to.getTime() - 366 * 86_400_000);
    if (from >= to) throw invalidField('from', 'must be before to');
    const result = await asPublic(deps.publicPool, async (db) => {
      const { rows } = await db.query('SELECT code FROM monitoring.public_station WHERE id = $1', [
        stationId,
      ]);
      if (!rows[0]) throw new HttpError(404, `no station ${stationId}`);
      const csv = await observationCsv(db, { stationId, parameter: params.parameter, from, to });
      return { code: rows[0].code as string, csv };
    });
    if (!result.csv)
      throw invalidField(
        'from',
        `the range holds more than ${maxCsvRows} observations; narrow from/to`,
      );
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.attachment(
      `observations-${result.code}${params.parameter ? `-${params.parameter}` : ''}.csv`,
    );
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = result.csv.csv;
  });

  return router;
}
