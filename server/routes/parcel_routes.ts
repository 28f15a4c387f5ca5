import Router from '@koa/router';
import type pg from 'pg';
import { z } from 'zod';
import { can, communeScope, coversCommune } from '../auth/access_policy';
import { asPublic } from '../db/transaction';
import { HttpError, invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';
import { publicParcelDetails, staffParcelDetails } from '../parcels/parcel_details';
import { searchParcelsByHolder, searchParcelsByNumber } from '../parcels/parcel_search';

const parcelId = (raw: string | undefined): number => {
  if (!raw || !/^[1-9][0-9]{0,14}$/.test(raw))
    throw invalidField('id', `must be a positive integer, got ${raw}`);
  return Number(raw);
};

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

/** Parcel lookups for the map: details for the info panel and search. */
export function parcelRoutes(deps: { pool: pg.Pool }): Router {
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
    const hits = await asPublic(deps.pool, (client) => searchParcelsByNumber(client, numbers));
    ctx.body = { hits };
  });

  router.get('/public/parcels/:id', async (ctx) => {
    const id = parcelId(ctx.params.id);
    const details = await asPublic(deps.pool, (client) => publicParcelDetails(client, id));
    if (!details) throw new HttpError(404, `parcel ${id} does not exist or is not current`);
    ctx.set('Cache-Control', 'public, max-age=60');
    ctx.body = details;
  });

  router.get('/parcels/:id', async (ctx) => {
    const principal = ctx.state.principal;
    if (!principal)
      throw new HttpError(
        401,
        'sign in to see parcel details; the public view is /api/public/parcels/{id}',
      );
    if (!can(principal, 'parcel:read')) throw new HttpError(403, 'your role may not read parcels');
    const id = parcelId(ctx.params.id);
    const withHolders = (communeId: number) =>
      can(principal, 'parcel:read_holders') && coversCommune(principal, communeId);
    const details = await staffParcelDetails(deps.pool, id, withHolders);
    if (!details) throw new HttpError(404, `parcel ${id} does not exist or is not current`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = details;
  });

  return router;
}
