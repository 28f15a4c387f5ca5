import { timingSafeEqual } from 'node:crypto';
import type Koa from 'koa';
import { HttpError } from './http_error';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameToken = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Cross-site request forgery protection for writes: a browser Origin must be this site,
 * and a signed-in request must echo its session's token in X-CSRF-Token (the session
 * cookie is also SameSite=Strict). Runs after the session middleware.
 */
export function csrfProtection(): Koa.Middleware {
  return async (ctx, next) => {
    if (safeMethods.has(ctx.method)) return next();
    const origin = ctx.get('Origin');
    // Koa 3's ctx.origin echoes the Origin header, so build this site's origin ourselves.
    const ownOrigin = `${ctx.protocol}://${ctx.host}`;
    if (origin && origin !== ownOrigin) {
      throw new HttpError(403, `Origin: ${origin} may not send writes to this site`, 'Origin');
    }
    const expected = ctx.state.csrfToken;
    if (expected !== undefined) {
      const sent = ctx.get('X-CSRF-Token');
      if (!sent || !sameToken(sent, expected)) {
        throw new HttpError(
          403,
          'X-CSRF-Token: header missing or not the token of this session',
          'X-CSRF-Token',
        );
      }
    }
    await next();
  };
}
