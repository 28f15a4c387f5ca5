import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic, withTransaction } from '../../core/db/transaction';
import { type Action, can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';

import {
  protectionPatchSchema,
  protectionRecordSchema,
  recordKinds,
  recordStatuses,
} from '../environment/protection_input';
import {
  insertRecord,
  listRecords,
  loadRecord,
  replaceRecord,
} from '../environment/protection_store';
import { publicRecords } from '../environment/public_records';
import { HttpError } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';
import { checkZoneGeometries } from '../plans/zone_import';

const paging = {
  limit: z.coerce.number().int().min(1).max(500, 'must be 1-500').default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};
const commune = z
  .string()
  .regex(/^[0-9]{5}$/, 'must be a 5-digit commune code')
  .optional();

const staffQuery = z
  .object({
    q: z.string().trim().min(2, 'must have at least 2 characters').max(80).optional(),
    kind: z.enum(recordKinds).optional(),
    status: z.enum(recordStatuses).optional(),
    commune,
    bbox: z
      .string()
      .transform((value) => value.split(',').map(Number))
      .refine(
        (box) => box.length === 4 && box.every(Number.isFinite),
        'must be minLon,minLat,maxLon,maxLat',
      )
      .transform((box) => box as [number, number, number, number])
      .optional(),
    format: z.enum(['json', 'geojson']).default('json'),
    ...paging,
  })
  .strict();

const publicQuery = z.object({ kind: z.enum(recordKinds).optional(), commune, ...paging }).strict();

function requireAction(principal: Principal | undefined, action: Action): Principal {
  if (!principal) throw new HttpError(401, 'sign in to work with the environmental registry');
  if (!can(principal, action))
    throw new HttpError(403, `role ${principal.role} may not ${action.replace(':', ' ')}`);
  return principal;
}

/**
 * The environmental protection registry (cam kết / đề án / kế hoạch bảo vệ môi trường):
 * staff search and edit it under /api/environment/records (`environment:write` to write);
 * the public lists decided records at /api/public/environment-records, without owner
 * details and without the names of individual owners.
 */
export function envRegistryRoutes(deps: { pool: pg.Pool; publicPool: pg.Pool }): Router {
  const router = new Router({ prefix: '/api' });
  const context = (ctx: Koa.Context, principal: Principal) => ({
    userId: principal.userId,
    requestId: ctx.state.requestId,
    source: 'environment',
  });

  router.get('/environment/records', async (ctx) => {
    requireAction(ctx.state.principal, 'parcel:read');
    const query = parseInput(staffQuery, ctx.query, 'query');
    const { total, records } = await listRecords(deps.pool, query);
    ctx.set('Cache-Control', 'private, no-store');
    if (query.format === 'geojson') {
      ctx.type = 'application/geo+json';
      ctx.body = {
        type: 'FeatureCollection',
        numberMatched: total,
        features: records.map(({ location, id, ...properties }) => ({
          type: 'Feature',
          id,
          geometry: location,
          properties,
        })),
      };
      return;
    }
    ctx.body = { total, records };
  });

  router.get('/environment/records/:id', async (ctx) => {
    requireAction(ctx.state.principal, 'parcel:read');
    const id = idParam('id', ctx.params.id);
    const record = await loadRecord(deps.pool, id);
    if (!record) throw new HttpError(404, `registry record ${id} does not exist`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = record;
  });

  router.post('/environment/records', async (ctx) => {
    const principal = requireAction(ctx.state.principal, 'environment:write');
    const record = parseInput(protectionRecordSchema, ctx.request.body);
    const id = await withTransaction(deps.pool, context(ctx, principal), async (db) => {
      await checkZoneGeometries(db, [record.location], 4326, 4326, () => 'location');
      return insertRecord(db, record);
    });
    ctx.status = 201;
    ctx.set('Location', `/api/environment/records/${id}`);
    ctx.body = await loadRecord(deps.pool, id);
  });

  router.patch('/environment/records/:id', async (ctx) => {
    const principal = requireAction(ctx.state.principal, 'environment:write');
    const id = idParam('id', ctx.params.id);
    const patch = parseInput(protectionPatchSchema, ctx.request.body);
    await withTransaction(deps.pool, context(ctx, principal), async (db) => {
      const current = await loadRecord(db, id);
      if (!current) throw new HttpError(404, `registry record ${id} does not exist`);
      const { id: _id, updatedAt: _at, ...stored } = current;
      const merged = parseInput(protectionRecordSchema, { ...stored, ...patch });
      if (patch.location)
        await checkZoneGeometries(db, [merged.location], 4326, 4326, () => 'location');
      await replaceRecord(db, id, merged);
    });
    ctx.body = await loadRecord(deps.pool, id);
  });

  router.delete('/environment/records/:id', async (ctx) => {
    const principal = requireAction(ctx.state.principal, 'environment:write');
    const id = idParam('id', ctx.params.id);
    const { rowCount } = await withTransaction(deps.pool, context(ctx, principal), (db) =>
      db.query('DELETE FROM environment.protection_record WHERE id = $1', [id]),
    );
    if (rowCount === 0) throw new HttpError(404, `registry record ${id} does not exist`);
    ctx.status = 204;
  });

  router.get('/public/environment-records', async (ctx) => {
    const query = parseInput(publicQuery, ctx.query, 'query');
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { records: await asPublic(deps.publicPool, (db) => publicRecords(db, query)) };
  });

  return router;
}
