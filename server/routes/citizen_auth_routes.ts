import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import type { CitizenMe } from '../../core/api/citizen';
import { withTransaction } from '../../core/db/transaction';
import { DiagisError } from '../../core/errors/diagis_error';
import { upsertCitizenAccount } from '../citizens/citizen_accounts';
import type { CitizenOidc } from '../citizens/citizen_oidc';
import { citizenSessionCookie } from '../citizens/citizen_session_middleware';
import { createCitizenSession, deleteCitizenSession } from '../citizens/citizen_sessions';
import { savePendingSignIn, takePendingSignIn } from '../citizens/sign_in_store';
import { HttpError } from '../http/http_error';
import { publicBaseUrl } from '../http/public_base_url';

export interface CitizenAuthRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  /** Undefined when DIAGIS_OIDC_ISSUER is unset: every citizen route answers 503. */
  oidc: CitizenOidc | undefined;
  sessionHours: number;
  publicUrl: string | undefined;
  secureCookie: boolean | undefined;
}

/** The cookie that binds a sign-in in progress to the browser that started it. */
const signInCookie = 'diagis_citizen_signin';
const defaultReturnTo = '/portal/my';
const safePath = /^\/(?!\/)[A-Za-z0-9._~/-]*$/;

/** The provider, or the 503 that names the setting to fix. */
export function requireCitizenSignIn(oidc: CitizenOidc | undefined): CitizenOidc {
  if (!oidc) {
    throw new HttpError(
      503,
      'citizen sign-in is off: set DIAGIS_OIDC_ISSUER (with DIAGIS_OIDC_CLIENT_ID and DIAGIS_OIDC_CLIENT_SECRET)',
    );
  }
  return oidc;
}

/** The signed-in citizen, or 401 (a staff session does not count here). */
export function requireCitizen(ctx: Koa.Context) {
  const citizen = ctx.state.citizen;
  if (!citizen) throw new HttpError(401, 'not signed in as a citizen');
  return citizen;
}

/**
 * Citizen sign-in with OpenID Connect: GET /auth/citizen/login (to the provider),
 * GET /auth/citizen/callback (back from it), POST /api/citizen/logout, GET /api/citizen/me.
 * The sign-in and session cookies are SameSite=Lax, not Strict: the callback is a
 * navigation that starts at the provider, another site, and must carry the sign-in cookie
 * and keep the session it sets; writes still need the session's X-CSRF-Token.
 */
export function citizenAuthRoutes(deps: CitizenAuthRouteDeps): Router {
  const router = new Router();
  const cookieBase = (ctx: Koa.Context) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.secureCookie ?? ctx.secure,
    overwrite: true,
  });

  router.get('/auth/citizen/login', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const oidc = requireCitizenSignIn(deps.oidc);
    const asked = typeof ctx.query.returnTo === 'string' ? ctx.query.returnTo : '';
    const returnTo = safePath.test(asked) ? asked : defaultReturnTo;
    const redirectUri = `${publicBaseUrl(ctx, deps.publicUrl)}/auth/citizen/callback`;
    const { url, pending } = await oidc.startSignIn(redirectUri, returnTo);
    const { binding, expiresAt } = await savePendingSignIn(deps.pool, pending, deps.clock());
    ctx.cookies.set(signInCookie, binding, {
      ...cookieBase(ctx),
      path: '/auth/citizen',
      expires: expiresAt,
    });
    ctx.redirect(url.href);
  });

  router.get('/auth/citizen/callback', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const oidc = requireCitizenSignIn(deps.oidc);
    const binding = ctx.cookies.get(signInCookie);
    ctx.cookies.set(signInCookie, '', {
      ...cookieBase(ctx),
      path: '/auth/citizen',
      expires: new Date(0),
    });
    const now = deps.clock();
    const pending = binding ? await takePendingSignIn(deps.pool, binding, now) : undefined;
    ctx.status = 303;
    if (!pending) {
      ctx.state.log.warn('citizen sign-in refused: no sign-in in progress for this browser');
      ctx.redirect(`${defaultReturnTo}?signin=failed`);
      return;
    }
    try {
      const identity = await oidc.finishSignIn(pending, ctx.querystring);
      const session = await withTransaction(
        deps.pool,
        { requestId: ctx.state.requestId, source: 'citizen-sign-in' },
        async (client) => {
          // A session this browser had before (the same or another citizen) ends here.
          const previous = ctx.cookies.get(citizenSessionCookie);
          if (previous) await deleteCitizenSession(client, previous);
          const accountId = await upsertCitizenAccount(client, oidc.issuer, identity, now);
          const created = await createCitizenSession(client, accountId, {
            hours: deps.sessionHours,
            now,
            ip: ctx.ip || undefined,
            userAgent: ctx.get('User-Agent') || undefined,
          });
          return { ...created, accountId };
        },
      );
      ctx.cookies.set(citizenSessionCookie, session.token, {
        ...cookieBase(ctx),
        path: '/',
        expires: session.expiresAt,
      });
      ctx.state.log.info({ citizenAccountId: session.accountId }, 'citizen signed in');
      ctx.redirect(pending.returnTo);
    } catch (error) {
      if (!(error instanceof DiagisError)) throw error;
      // The message names the rule (state, code, claim); openid-client puts no token in it.
      ctx.state.log.warn({ reason: error.message }, 'citizen sign-in refused');
      const outcome = error.code === 'unavailable' ? 'unavailable' : 'failed';
      ctx.redirect(`${pending.returnTo}?signin=${outcome}`);
    }
  });

  router.post('/api/citizen/logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    requireCitizenSignIn(deps.oidc);
    requireCitizen(ctx);
    const token = ctx.cookies.get(citizenSessionCookie);
    if (token) await deleteCitizenSession(deps.pool, token);
    ctx.cookies.set(citizenSessionCookie, '', {
      ...cookieBase(ctx),
      path: '/',
      expires: new Date(0),
    });
    ctx.status = 204;
  });

  router.get('/api/citizen/me', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    requireCitizenSignIn(deps.oidc);
    const citizen = requireCitizen(ctx);
    const body: CitizenMe = {
      citizen: { name: citizen.name, idNumber: citizen.idNumber, email: citizen.email },
      csrfToken: ctx.state.csrfToken ?? '',
      expiresAt: (ctx.state.citizenSessionExpiresAt ?? new Date(0)).toISOString(),
    };
    ctx.body = body;
  });

  return router;
}
