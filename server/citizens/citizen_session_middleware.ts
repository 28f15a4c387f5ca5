import type Koa from 'koa';
import type pg from 'pg';
import { findCitizenSession } from './citizen_sessions';

/** The cookie of a citizen session; staff sessions use `diagis_session`. */
export const citizenSessionCookie = 'diagis_citizen';

/** Paths where the citizen session, and only it, counts: the citizen API and sign-in. */
export const isCitizenPath = (path: string): boolean => /^\/(api|auth)\/citizen(\/|$)/.test(path);

/**
 * Runs after the staff session middleware and before CSRF protection. On citizen paths the
 * citizen cookie is the session: it sets `ctx.state.citizen`, makes the citizen session's
 * token the one writes must echo, and drops any staff principal, so a staff cookie counts
 * for nothing there. Elsewhere it does nothing, so a citizen cookie counts for nothing on
 * staff routes.
 */
export function citizenSessionMiddleware(pool: pg.Pool, clock: () => Date): Koa.Middleware {
  return async (ctx, next) => {
    if (!isCitizenPath(ctx.path)) return next();
    delete ctx.state.principal;
    delete ctx.state.csrfToken;
    const token = ctx.cookies.get(citizenSessionCookie);
    const session = token ? await findCitizenSession(pool, token, clock()) : undefined;
    if (session) {
      ctx.state.citizen = session.citizen;
      ctx.state.csrfToken = session.csrfToken;
      ctx.state.citizenSessionExpiresAt = session.expiresAt;
    }
    await next();
  };
}
