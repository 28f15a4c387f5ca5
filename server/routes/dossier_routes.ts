import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import type { DossierPage } from '../../core/api/dossier';
import { withTransaction } from '../../core/db/transaction';
import { dossierStates, findTransition } from '../../core/dossiers/workflow';
import { can } from '../auth/access_policy';
import { parseActionBody, parseStrictBody } from '../dossiers/action_input';
import { allowedActions } from '../dossiers/allowed_actions';
import { dossierScope } from '../dossiers/dossier_access';
import { createDossier, newDossierSchema } from '../dossiers/dossier_create';
import { dossierDetail } from '../dossiers/dossier_detail';
import { requireStaff, staffActor, visibleDossier } from '../dossiers/dossier_guards';
import { listDossiers } from '../dossiers/dossier_list';
import { loadDossier } from '../dossiers/dossier_row';
import { loadHolidaySet } from '../dossiers/holiday_store';
import { receiptPdf } from '../dossiers/receipt_pdf';
import { taxExport, taxExportXml } from '../dossiers/tax_export';
import { runTransition } from '../dossiers/transition_runner';
import { HttpError } from '../http/http_error';
import { publicBaseUrl } from '../http/public_base_url';
import { idParam, parseInput } from '../http/validate';

const listQuery = z
  .object({
    state: z.enum(dossierStates).optional(),
    procedure: z
      .string()
      .regex(/^[a-z_]{3,40}$/, 'must be a procedure code')
      .optional(),
    overdue: z
      .enum(['true', 'false'], 'must be true or false')
      .transform((v) => v === 'true')
      .optional(),
    q: z.string().trim().min(2, 'must have at least 2 characters').max(80).optional(),
    limit: z.coerce.number().int().min(1).max(200, 'must be 1-200').default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const receiptQuery = z
  .object({ lang: z.enum(['vi', 'en'], 'must be vi or en').default('vi') })
  .strict();

export interface DossierRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  /** DIAGIS_PUBLIC_URL: the base of the tracking link printed on receipts. */
  publicUrl?: string | undefined;
}

/**
 * Staff dossier routes: the inbox (GET /api/dossiers), reception (POST /api/dossiers),
 * the dossier with its timeline and allowed actions, workflow actions, the tax export and
 * the applicant's receipt (PDF).
 */
export function dossierRoutes(deps: DossierRouteDeps): Router {
  const router = new Router({ prefix: '/api' });
  const writeContext = (ctx: Koa.Context) => ({
    userId: ctx.state.principal?.userId,
    requestId: ctx.state.requestId,
    source: 'dossier',
  });

  /** The dossier as the detail view shows it, with the actions this user may take. */
  const detailFor = async (
    db: pg.Pool | pg.ClientBase,
    ctx: Koa.Context,
    id: number,
  ): Promise<DossierPage> => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const row = await loadDossier(db, id);
    const detail = await dossierDetail(db, id);
    if (!row || !detail) throw new HttpError(404, `dossier ${id} does not exist`);
    const actions = can(principal, 'dossier:act')
      ? await allowedActions(db, staffActor(principal), row)
      : [];
    return { ...detail, allowedActions: actions };
  };

  router.get('/dossiers', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const query = parseInput(listQuery, ctx.query, 'query');
    const holidays = await loadHolidaySet(deps.pool);
    const list = await listDossiers(
      deps.pool,
      dossierScope(principal),
      query,
      deps.clock(),
      holidays,
    );
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = list;
  });

  router.post('/dossiers', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:act');
    const input = parseStrictBody(newDossierSchema, ctx.request.body);
    const body = await withTransaction(deps.pool, writeContext(ctx), async (client) => {
      const id = await createDossier(client, principal, input, deps.clock());
      return detailFor(client, ctx, id);
    });
    ctx.status = 201;
    ctx.set('Location', `/api/dossiers/${body.id}`);
    ctx.body = body;
  });

  router.get('/dossiers/:id', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    await visibleDossier(deps.pool, principal, id, ctx.state.log);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await detailFor(deps.pool, ctx, id);
  });

  router.post('/dossiers/:id/actions/:action', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:act');
    const id = idParam('id', ctx.params.id);
    const action = ctx.params.action ?? '';
    const transition = findTransition(action);
    const body = await withTransaction(deps.pool, writeContext(ctx), async (client) => {
      await visibleDossier(client, principal, id, ctx.state.log);
      if (!transition) throw new HttpError(404, `action: ${action} does not exist`, 'action');
      const request = parseActionBody(transition.input, ctx.request.body);
      await runTransition(client, {
        dossierId: id,
        action,
        actor: staffActor(principal),
        request,
        now: deps.clock(),
      });
      return detailFor(client, ctx, id);
    });
    ctx.body = body;
  });

  const exportFor = async (ctx: Koa.Context) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    const dossier = await visibleDossier(deps.pool, principal, id, ctx.state.log, 'tax export');
    if (principal.role !== 'admin' && principal.office?.id !== dossier.currentOfficeId) {
      throw new HttpError(
        403,
        `tax export: only staff of office ${dossier.currentOfficeCode}, which holds the dossier, may export it`,
      );
    }
    const exported = await taxExport(deps.pool, id);
    if (!exported) throw new HttpError(404, `dossier ${id} does not exist`);
    ctx.set('Cache-Control', 'private, no-store');
    return exported;
  };

  router.get('/dossiers/:id/tax-export.json', async (ctx) => {
    ctx.body = await exportFor(ctx);
  });

  router.get('/dossiers/:id/tax-export.xml', async (ctx) => {
    const exported = await exportFor(ctx);
    ctx.type = 'application/xml; charset=utf-8';
    ctx.body = taxExportXml([exported], 'taxExport');
  });

  router.get('/dossiers/:id/receipt.pdf', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    const { lang } = parseInput(receiptQuery, ctx.query, 'query');
    await visibleDossier(deps.pool, principal, id, ctx.state.log, 'receipt');
    const detail = await dossierDetail(deps.pool, id);
    if (!detail) throw new HttpError(404, `dossier ${id} does not exist`);
    const tracking = `${publicBaseUrl(ctx, deps.publicUrl)}/track?code=${detail.receiptCode}`;
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `inline; filename="${detail.receiptCode}.pdf"`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await receiptPdf(detail, tracking, lang);
  });

  return router;
}
