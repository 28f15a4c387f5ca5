import Router from '@koa/router';
import type pg from 'pg';
import { asPublic } from '../../core/db/transaction';
import { publicDossierStatus } from '../dossiers/public_status';
import { HttpError } from '../http/http_error';
import { SharedTokenBucket } from '../http/shared_token_bucket';

const receiptPattern = /^[A-Z0-9-]{16,40}$/;

export interface PublicDossierRouteDeps {
  /** Where the tracking counters are kept (writes). */
  throttlePool: pg.Pool;
  /** Anonymous reads (sessions as `diagis_public`). */
  publicPool: pg.Pool;
  /** Lookups per client address per minute, over every server process; staff are not counted. */
  perMinute: number;
}

/**
 * GET /api/public/dossiers/{receiptCode}: a citizen tracks a dossier by the code on the
 * receipt. Runs as the public role on the dossier.public_status view; rate limited per
 * client address, exactly, in PostgreSQL (one token per lookup; 429 with Retry-After).
 */
export function publicDossierRoutes(deps: PublicDossierRouteDeps): Router {
  const router = new Router({ prefix: '/api/public' });
  const limiter = new SharedTokenBucket({
    pool: deps.throttlePool,
    budget: 'tracking',
    perMinute: deps.perMinute,
    block: 1,
  });

  router.get('/dossiers/:receiptCode', async (ctx) => {
    if (!ctx.state.principal) {
      const verdict = await limiter.take(ctx.ip || 'unknown');
      if (!verdict.allowed) {
        throw new HttpError(
          429,
          `too many dossier lookups from this address; at most ${deps.perMinute} a minute`,
          undefined,
          { 'Retry-After': String(verdict.retryAfterSeconds) },
        );
      }
    }
    const code = (ctx.params.receiptCode ?? '').trim().toUpperCase();
    const status = receiptPattern.test(code)
      ? await asPublic(deps.publicPool, (client) => publicDossierStatus(client, code))
      : undefined;
    if (!status) throw new HttpError(404, `no dossier has the receipt code ${code.slice(0, 40)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = status;
  });

  return router;
}
