import type Koa from 'koa';
import type pg from 'pg';
import type { Logger } from '../logger';
import { HttpError } from './http_error';
import { SharedTokenBucket } from './shared_token_bucket';

/** Anonymous requests per client address per minute; 0 turns a budget off. */
export interface PublicRateLimits {
  apiPerMinute: number;
  tilesPerMinute: number;
}

// Routes that answer anonymous visitors. Sign-in has its own throttle, and the tax API and
// health checks serve machines that identify themselves otherwise.
const tilePaths = /^\/(tiles|styles)(\/|$)/;
const apiPaths = /^\/(api|ogc)(\/|$)/;
const exempt = /^\/api\/(auth\/|me$|tax\/)/;

/** Which budget a request path draws on, if any. */
export function rateClassOf(path: string): 'tiles' | 'api' | undefined {
  if (tilePaths.test(path)) return 'tiles';
  if (apiPaths.test(path) && !exempt.test(path)) return 'api';
  return undefined;
}

/**
 * Limits anonymous requests to the public API, OGC and tiles per client address, with a
 * separate budget for tiles (a map view asks for dozens at once). The budgets live in
 * PostgreSQL, so they hold across every server process (see SharedTokenBucket for the
 * tolerance). Signed-in staff are never counted. Over the budget: 429 with Retry-After.
 * Runs after the session middleware.
 */
export function publicRateLimit(deps: {
  pool: pg.Pool;
  limits: PublicRateLimits;
  logger: Logger;
}): Koa.Middleware {
  const { pool, limits, logger } = deps;
  const onSweepError = (error: Error) =>
    logger.warn({ err: error }, 'deleting full rate-limit buckets failed');
  const bucket = (budget: 'api' | 'tiles', perMinute: number) =>
    perMinute > 0 ? new SharedTokenBucket({ pool, budget, perMinute, onSweepError }) : undefined;
  const buckets = {
    api: bucket('api', limits.apiPerMinute),
    tiles: bucket('tiles', limits.tilesPerMinute),
  };
  return async (ctx, next) => {
    const rateClass = ctx.state.principal ? undefined : rateClassOf(ctx.path);
    const limiter = rateClass ? buckets[rateClass] : undefined;
    if (limiter) {
      const verdict = await limiter.take(ctx.ip || 'unknown');
      if (!verdict.allowed) {
        const perMinute = rateClass === 'tiles' ? limits.tilesPerMinute : limits.apiPerMinute;
        throw new HttpError(
          429,
          `too many ${rateClass} requests from this address; at most ${perMinute} a minute without signing in`,
          undefined,
          { 'Retry-After': String(verdict.retryAfterSeconds) },
        );
      }
    }
    await next();
  };
}
