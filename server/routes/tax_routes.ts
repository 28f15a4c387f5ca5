import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import { withTransaction } from '../../core/db/transaction';
import {
  type ActionRequest,
  parseStrictBody,
  taxNoticeSchema,
  taxPaymentSchema,
} from '../dossiers/action_input';
import { apiKeyCheck } from '../dossiers/api_key_check';
import { dossierIdByReceipt, loadDossier } from '../dossiers/dossier_row';
import { dossierIdsAtTax, type TaxExport, taxExport, taxExportXml } from '../dossiers/tax_export';
import { runTransition } from '../dossiers/transition_runner';
import { HttpError } from '../http/http_error';
import { parseInput } from '../http/validate';

export interface TaxRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  /** DIAGIS_TAX_API_KEY; without it the tax API answers 503. */
  apiKey: string | undefined;
}

const listQuery = z
  .object({ format: z.enum(['json', 'xml'], 'must be json or xml').default('json') })
  .strict();

/**
 * The tax authority's side, authenticated by the `X-API-Key` header: GET /api/tax/dossiers
 * lists the dossiers waiting for it with their export; POST
 * /api/tax/dossiers/{receiptCode}/notice records the tax notice, which sends the dossier
 * back to the office that sent it to wait for the citizen's payment (awaiting_payment, the
 * clock still paused); POST /api/tax/dossiers/{receiptCode}/payment records the payment,
 * which puts the dossier back in progress and restarts its clock.
 */
export function taxRoutes(deps: TaxRouteDeps): Router {
  const router = new Router({ prefix: '/api/tax' });
  const keyMatches = apiKeyCheck(deps.apiKey);

  router.use(async (ctx, next) => {
    if (deps.apiKey === undefined) {
      throw new HttpError(
        503,
        'the tax API is not enabled on this server: no API key is configured (DIAGIS_TAX_API_KEY); ask the Department to set one',
        undefined,
        { 'Retry-After': '3600' },
      );
    }
    if (!keyMatches(ctx.get('X-API-Key') || undefined)) {
      ctx.state.log.warn({ path: ctx.path }, 'tax API request with a missing or wrong key');
      throw new HttpError(401, 'X-API-Key: missing or not the tax API key', 'X-API-Key', {
        'WWW-Authenticate': 'ApiKey header="X-API-Key"',
      });
    }
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.get('/dossiers', async (ctx) => {
    const { format } = parseInput(listQuery, ctx.query, 'query');
    const ids = await dossierIdsAtTax(deps.pool);
    const exports: TaxExport[] = [];
    for (const id of ids) {
      const exported = await taxExport(deps.pool, id);
      if (exported) exports.push(exported);
    }
    if (format === 'xml') {
      ctx.type = 'application/xml; charset=utf-8';
      ctx.body = taxExportXml(exports);
      return;
    }
    ctx.body = { dossiers: exports };
  });

  /** Runs `action` as the tax API on the dossier with the receipt code in the path. */
  const recordFor = async (
    ctx: Koa.Context,
    action: 'record_tax_notice' | 'record_tax_payment',
    request: ActionRequest,
  ) => {
    const code = (ctx.params.receiptCode ?? '').toUpperCase();
    const write = { requestId: ctx.state.requestId, source: 'tax_api' };
    const dossier = await withTransaction(deps.pool, write, async (client) => {
      const id = /^[A-Z0-9-]{16,40}$/.test(code)
        ? await dossierIdByReceipt(client, code)
        : undefined;
      if (id === undefined)
        throw new HttpError(404, `no dossier has the receipt code ${code.slice(0, 40)}`);
      const result = await runTransition(client, {
        dossierId: id,
        action,
        actor: { kind: 'tax_api' },
        request,
        now: deps.clock(),
      });
      return loadDossier(client, result.dossier.id);
    });
    ctx.status = 201;
    ctx.body = {
      receiptCode: code,
      state: dossier?.state,
      currentOffice: dossier?.currentOfficeCode,
      dueAt: dossier?.dueAt,
      pausedSince: dossier?.pausedSince,
    };
    return code;
  };

  router.post('/dossiers/:receiptCode/notice', async (ctx) => {
    const notice = parseStrictBody(taxNoticeSchema, ctx.request.body);
    const code = await recordFor(ctx, 'record_tax_notice', {
      note: notice.note,
      taxNotice: notice,
    });
    ctx.state.log.info({ receiptCode: code, noticeNo: notice.noticeNo }, 'tax notice recorded');
  });

  router.post('/dossiers/:receiptCode/payment', async (ctx) => {
    const payment = parseStrictBody(taxPaymentSchema, ctx.request.body);
    const code = await recordFor(ctx, 'record_tax_payment', {
      note: payment.note,
      taxPayment: payment,
    });
    ctx.state.log.info(
      { receiptCode: code, paymentRef: payment.paymentRef },
      'tax payment recorded',
    );
  });

  return router;
}
