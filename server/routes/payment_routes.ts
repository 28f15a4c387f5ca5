import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';
import { DiagisError } from '../../core/errors/diagis_error';
import type { Config } from '../config';
import { requireStaff, visibleDossier } from '../dossiers/dossier_guards';
import { HttpError } from '../http/http_error';
import { publicBaseUrl } from '../http/public_base_url';
import { readRawBody } from '../http/raw_body';
import { idParam, parseInput } from '../http/validate';
import { handlePaymentCallback, readPaymentReturn } from '../payments/payment_callback';
import {
  createPaymentOrder,
  listPaymentOrders,
  newPaymentSchema,
  payableItems,
} from '../payments/payment_orders';
import type { PaymentProvider } from '../payments/payment_provider';
import { paymentReturnPage } from '../payments/payment_return_page';
import { vnpayProvider } from '../payments/vnpay_provider';

export interface PaymentRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  config: Readonly<Config>;
}

/**
 * A provider's parameters as single strings: the query of a GET, or the form or JSON body
 * of a POST. A repeated name keeps its first value; the signature covers the values used.
 */
async function providerParams(ctx: Koa.Context): Promise<Record<string, string>> {
  let source: Record<string, unknown> = ctx.query;
  if (ctx.method === 'POST') {
    if (ctx.is('application/x-www-form-urlencoded')) {
      const raw = await readRawBody(ctx.req, {
        maxBytes: 16_384,
        field: 'body',
        tooLarge: () => new HttpError(413, 'body: a payment callback is at most 16 KB'),
      });
      source = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    } else {
      const body = ctx.request.body;
      source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    }
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') params[name] = first;
    else if (typeof first === 'number') params[name] = String(first);
  }
  return params;
}

/**
 * Online payment: staff create a payment order for a dossier's fee or tax notice and get
 * the provider URL to send the payer to (POST), or list the orders (GET); the provider
 * calls back server to server (IPN, GET or POST) and sends the payer back to the return
 * page. docs/payments.md describes the protocol.
 */
export function paymentRoutes(deps: PaymentRouteDeps): Router {
  const settings = deps.config.payments;
  const provider = settings.provider ? vnpayProvider(settings.provider) : undefined;
  const enabled = (): PaymentProvider => {
    if (provider) return provider;
    throw new DiagisError(
      'unavailable',
      'online payment is not enabled on this server: set DIAGIS_PAYMENT_PROVIDER_URL, DIAGIS_PAYMENT_MERCHANT_CODE and DIAGIS_PAYMENT_SECRET',
      { headers: { 'Retry-After': '3600' } },
    );
  };
  const source = (ctx: Koa.Context) => ({
    remoteAddress: ctx.ip,
    requestId: ctx.state.requestId,
    now: deps.clock(),
    logger: ctx.state.log,
  });
  const router = new Router();

  router.post('/api/dossiers/:id/payments', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:act');
    const id = idParam('id', ctx.params.id);
    const payment = parseInput(newPaymentSchema, ctx.request.body);
    const chosen = enabled();
    const base = publicBaseUrl(ctx, deps.config.publicUrl);
    const created = await withTransaction(
      deps.pool,
      { userId: principal.userId, requestId: ctx.state.requestId, source: 'payment' },
      async (client) => {
        await visibleDossier(client, principal, id, ctx.state.log);
        return createPaymentOrder(client, chosen, {
          dossierId: id,
          payment,
          createdBy: principal.userId,
          now: deps.clock(),
          orderMinutes: settings.orderMinutes,
          returnUrl: `${base}/payments/return`,
          callbackUrl: `${base}/api/payments/callback`,
          payerAddress: ctx.ip || '127.0.0.1',
        });
      },
    );
    ctx.status = 201;
    ctx.set('Location', `/api/dossiers/${id}/payments`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = created;
  });

  router.get('/api/dossiers/:id/payments', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    await visibleDossier(deps.pool, principal, id, ctx.state.log);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = {
      items: await listPaymentOrders(deps.pool, id),
      payable: await payableItems(deps.pool, id),
    };
  });

  const callback = async (ctx: Koa.Context) => {
    const chosen = enabled();
    const params = await providerParams(ctx);
    const { answer } = await handlePaymentCallback(deps.pool, chosen, params, source(ctx));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = answer;
  };
  router.get('/api/payments/callback', callback);
  router.post('/api/payments/callback', callback);

  router.get('/payments/return', async (ctx) => {
    const chosen = enabled();
    const view = await readPaymentReturn(deps.pool, chosen, await providerParams(ctx), source(ctx));
    ctx.status = view.kind === 'unverified' ? 400 : 200;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = paymentReturnPage(view);
  });

  return router;
}
