import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../../core/db/transaction';
import { finalStates } from '../../core/dossiers/workflow';
import { DiagisError } from '../../core/errors/diagis_error';
import { can, coversCommune } from '../auth/access_policy';
import { requireStaff, visibleDossier } from '../dossiers/dossier_guards';
import { calendarDay } from '../http/date_params';
import { HttpError } from '../http/http_error';
import { idParam, parseInput } from '../http/validate';
import { parcelRegisterAt } from '../register/parcel_register';
import {
  loadRegisterRequest,
  previewRegisterEffect,
  recordRegisterRequest,
} from '../register/register_effect';

export interface RegisterRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
}

const registerAtQuery = z.object({ at: calendarDay.optional() }).strict();

/**
 * The register side of a dossier (the data its effect needs, and a preview of what its
 * approval will change) and a parcel's register "as of" a day: staff only, never public.
 */
export function registerRoutes(deps: RegisterRouteDeps): Router {
  const router = new Router({ prefix: '/api' });
  const writeContext = (ctx: Koa.Context) => ({
    userId: ctx.state.principal?.userId,
    requestId: ctx.state.requestId,
    source: 'dossier',
  });

  router.get('/dossiers/:id/register-request', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    await visibleDossier(deps.pool, principal, id, ctx.state.log);
    const recorded = await loadRegisterRequest(deps.pool, id);
    if (!recorded) throw new HttpError(404, `dossier ${id} has no register request recorded`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = recorded;
  });

  router.put('/dossiers/:id/register-request', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:act');
    const id = idParam('id', ctx.params.id);
    ctx.body = await withTransaction(deps.pool, writeContext(ctx), async (client) => {
      const dossier = await visibleDossier(client, principal, id, ctx.state.log);
      if (finalStates.includes(dossier.state)) {
        throw new DiagisError(
          'conflict',
          `state: dossier ${id} is ${dossier.state}; its register data can no longer change`,
          {
            field: 'state',
          },
        );
      }
      const recorded = await recordRegisterRequest(client, {
        dossierId: id,
        body: ctx.request.body,
        userId: principal.userId,
        now: deps.clock(),
      });
      return { ...recorded, preview: await previewRegisterEffect(client, id) };
    });
  });

  router.get('/dossiers/:id/register-preview', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await withTransaction(deps.pool, writeContext(ctx), async (client) => {
      await visibleDossier(client, principal, id, ctx.state.log);
      return previewRegisterEffect(client, id);
    });
  });

  router.get('/parcels/:id/register', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'parcel:read_holders');
    const id = idParam('id', ctx.params.id);
    const { at } = parseInput(registerAtQuery, ctx.query, 'query');
    const { rows } = await deps.pool.query<{ commune_id: number; at: Date }>(
      `SELECT v.commune_id,
              CASE WHEN $2::date IS NULL THEN $3::timestamptz
                   ELSE (($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 microsecond' END AS at
       FROM cadastre.parcel_version v
       WHERE v.parcel_id = $1 AND v.status = 'committed'
       ORDER BY v.version_no DESC LIMIT 1`,
      [id, at ?? null, deps.clock()],
    );
    const parcel = rows[0];
    // A parcel outside the user's communes looks like one that does not exist.
    if (
      !parcel ||
      !can(principal, 'parcel:read_holders') ||
      !coversCommune(principal, parcel.commune_id)
    ) {
      throw new HttpError(404, `parcel ${id} does not exist`);
    }
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await parcelRegisterAt(deps.pool, id, parcel.at);
  });

  return router;
}
