import type Koa from 'koa';
import type pg from 'pg';
import { loadPrincipal } from './principal';
import { findSession } from './sessions';

export const sessionCookie = 'diagis_session';

/** Attaches the signed-in principal (and the session's CSRF token) to ctx.state. */
export function sessionMiddleware(pool: pg.Pool, clock: () => Date): Koa.Middleware {
  return async (ctx, next) => {
    const token = ctx.cookies.get(sessionCookie);
    if (token) {
      const session = await findSession(pool, token, clock());
      const principal = session ? await loadPrincipal(pool, session.userId) : undefined;
      if (session && principal) {
        ctx.state.principal = principal;
        ctx.state.csrfToken = session.csrfToken;
      }
    }
    await next();
  };
}
