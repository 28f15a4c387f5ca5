import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { asPublic } from '../../core/db/transaction';
import { can, communeScope } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { calendarDay } from '../http/date_params';
import { HttpError } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';
import { staffParcelBody } from '../parcels/parcel_body';
import { publicParcelDetails } from '../parcels/parcel_details';
import {
  listParcels,
  parcelFeatures,
  parcelLineage,
  retirement,
  versionAsOf,
  versionHistory,
} from '../parcels/parcel_record';
import { searchParcelsByHolder, searchParcelsByNumber } from '../parcels/parcel_search';
import { versionTag } from '../parcels/parcel_versions';

const positiveInt = z.coerce
  .number()
  .int('must be a whole number')
  .positive('must be positive')
  .max(1_000_000);

const searchQuery = z
  .object({
    commune: z.string().trim().min(2, 'must have at least 2 characters').max(80).optional(),
    sheet: positiveInt.optional(),
    parcel: positiveInt.optional(),
    holder: z.string().trim().min(3, 'must have at least 3 characters').max(80).optional(),
    limit: z.coerce.number().int().min(1).max(100, 'must be 1-100').default(20),
  })
  .strict()
  .refine((query) => query.commune !== undefined || query.holder !== undefined, {
    message: 'give commune (with optional sheet and parcel) or holder',
    path: ['commune'],
  });

const listQuery = z
  .object({
    commune: z.string().trim().min(2, 'must be a commune code').max(20),
    sheet: positiveInt.optional(),
    no: positiveInt.optional(),
    limit: z.coerce.number().int().min(1).max(1000, 'must be 1-1000').default(100),
  })
  .strict();

const featuresQuery = z
  .object({
    bbox: z
      .string()
      .transform((text) => text.split(',').map(Number))
      .refine(
        (box) =>
          box.length === 4 &&
          box.every(Number.isFinite) &&
          (box[0] as number) < (box[2] as number) &&
          (box[1] as number) < (box[3] as number) &&
          (box[2] as number) - (box[0] as number) <= 0.05 &&
          (box[3] as number) - (box[1] as number) <= 0.05,
        'must be minLon,minLat,maxLon,maxLat with min < max, at most 0.05 degrees wide',
      )
      .refine(
        (box) =>
          (box[0] as number) >= -180 &&
          (box[2] as number) <= 180 &&
          (box[1] as number) >= -90 &&
          (box[3] as number) <= 90,
        'must lie within longitude -180 to 180 and latitude -90 to 90',
      )
      .transform((box) => box as [number, number, number, number]),
    limit: z.coerce.number().int().min(1).max(2000, 'must be 1-2000').default(2000),
  })
  .strict();

const atQuery = z
  .object({
    at: calendarDay.optional(),
  })
  .strict();

/** Staff who may read parcels, or 401/403. */
function requireReader(principal: Principal | undefined): Principal {
  if (!principal)
    throw new HttpError(
      401,
      'sign in to see parcel details; the public view is /api/public/parcels/{id}',
    );
  if (!can(principal, 'parcel:read')) throw new HttpError(403, 'your role may not read parcels');
  return principal;
}

/** 404 for a parcel that is not current, saying when it was retired and into what. */
async function notCurrent(pool: pg.Pool, id: number): Promise<HttpError> {
  const ended = await retirement(pool, id);
  if (!ended) return new HttpError(404, `parcel ${id} does not exist`);
  const lineage = await parcelLineage(pool, id);
  const into = lineage.children.map((child) => child.parcelId).join(', ');
  const error = new HttpError(
    404,
    `parcel ${id} is no longer current: retired ${ended.retiredAt?.toISOString() ?? ''}${into ? ` into ${into}` : ''}; see its history`,
  );
  return Object.assign(error, { details: { retiredAt: ended.retiredAt, lineage } });
}

/** Parcel lookups for the map: details for the info panel and search. */
export function parcelRoutes(deps: { pool: pg.Pool; publicPool: pg.Pool }): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/parcels/search', async (ctx) => {
    const query = parseInput(searchQuery, ctx.query, 'query');
    const principal = ctx.state.principal;
    if (query.holder !== undefined) {
      if (!can(principal, 'parcel:read_holders')) {
        throw new HttpError(
          principal ? 403 : 401,
          'holder: searching by holder needs a signed-in officer or surveyor',
          'holder',
        );
      }
      const hits = await searchParcelsByHolder(deps.pool, {
        name: query.holder,
        communeIds: communeScope(principal),
        limit: query.limit,
      });
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = { hits };
      return;
    }
    const numbers = {
      commune: query.commune ?? '',
      sheetNo: query.sheet,
      parcelNo: query.parcel,
      limit: query.limit,
    };
    const hits = await asPublic(deps.publicPool, (client) =>
      searchParcelsByNumber(client, numbers),
    );
    ctx.body = { hits };
  });

  router.get('/public/parcels/:id', async (ctx) => {
    const id = idParam('id', ctx.params.id);
    const details = await asPublic(deps.publicPool, (client) => publicParcelDetails(client, id));
    if (!details) throw new HttpError(404, `parcel ${id} does not exist or is not current`);
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = details;
  });

  router.get('/parcels', async (ctx) => {
    requireReader(ctx.state.principal);
    const query = parseInput(listQuery, ctx.query, 'query');
    const parcels = await listParcels(deps.pool, {
      communeCode: query.commune,
      sheetNo: query.sheet,
      parcelNo: query.no,
      limit: query.limit,
    });
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { parcels };
  });

  router.get('/parcels/features', async (ctx) => {
    requireReader(ctx.state.principal);
    const query = parseInput(featuresQuery, ctx.query, 'query');
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.type = 'application/geo+json';
    ctx.body = await parcelFeatures(deps.pool, query.bbox, query.limit);
  });

  router.get('/parcels/:id/history', async (ctx) => {
    requireReader(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const versions = await versionHistory(deps.pool, id);
    if (versions.length === 0) throw new HttpError(404, `parcel ${id} does not exist`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = { parcelId: id, versions, lineage: await parcelLineage(deps.pool, id) };
  });

  router.get('/parcels/:id', async (ctx) => {
    const principal = requireReader(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const { at } = parseInput(atQuery, ctx.query, 'query');
    ctx.set('Cache-Control', 'private, no-store');
    if (at !== undefined) {
      const version = await versionAsOf(deps.pool, id, at);
      if (!version) throw new HttpError(404, `parcel ${id} did not exist on ${at}`);
      ctx.set('ETag', versionTag(version.versionNo));
      ctx.body = { ...version, lineage: await parcelLineage(deps.pool, id) };
      return;
    }
    const body = await staffParcelBody(deps.pool, principal, id);
    if (!body) throw await notCurrent(deps.pool, id);
    ctx.set('ETag', versionTag(body.versionNo));
    ctx.body = body;
  });

  return router;
}
