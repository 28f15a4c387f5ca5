import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import type { Session, SignedInUser } from '../../core/api/session';
import { hashPassword, verifyPassword } from '../../core/auth/passwords';
import {
  reserveLoginAttempt,
  settleLoginAttempt,
  type ThrottleRules,
} from '../auth/login_throttle';
import { loadPrincipal, type Principal } from '../auth/principal';
import { sessionCookie } from '../auth/session_middleware';
import { createSession, deleteSession } from '../auth/sessions';
import { HttpError } from '../http/http_error';
import { parseInput } from '../http/validate';

export interface AuthRouteDeps {
  pool: pg.Pool;
  clock: () => Date;
  sessionHours: number;
  secureCookie: boolean | undefined;
  throttle: ThrottleRules;
}

const loginBody = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3, 'must be 3-64 characters')
    .max(64, 'must be 3-64 characters'),
  password: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters'),
});

const publicUser = (principal: Principal): SignedInUser => ({
  id: principal.userId,
  username: principal.username,
  displayName: principal.displayName,
  role: principal.role,
  office: principal.office,
});

// Verifying against a real hash when the user does not exist keeps the response time
// from telling which usernames exist.
const decoyHash = hashPassword('decoy password that matches nothing');

/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/me. Every answer, refusals
 * included, is `Cache-Control: no-store`: they carry a session cookie or a CSRF token.
 */
export function authRoutes(deps: AuthRouteDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.post('/auth/login', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const { username, password } = parseInput(loginBody, ctx.request.body);
    const now = deps.clock();
    const ip = ctx.ip || undefined;
    // Reserved before the password is checked: parallel guesses cannot all pass the limit.
    const verdict = await reserveLoginAttempt(deps.pool, { username, ip, now }, deps.throttle);
    if (!verdict.allowed) {
      throw new HttpError(429, 'too many failed sign-in attempts; try again later', undefined, {
        'Retry-After': String(verdict.retryAfterSeconds),
      });
    }
    const { rows } = await deps.pool.query(
      'SELECT id, password_hash FROM auth.app_user WHERE username = $1 AND active',
      [username],
    );
    const user = rows[0] as { id: number; password_hash: string } | undefined;
    const ok = await verifyPassword(user?.password_hash ?? (await decoyHash), password);
    await settleLoginAttempt(deps.pool, verdict.attemptId, ok && user !== undefined);
    const principal = ok && user ? await loadPrincipal(deps.pool, user.id) : undefined;
    if (!principal) throw new HttpError(401, 'username or password is wrong');
    const session = await createSession(deps.pool, principal.userId, {
      hours: deps.sessionHours,
      now,
      ip,
      userAgent: ctx.get('User-Agent') || undefined,
    });
    ctx.cookies.set(sessionCookie, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookie ?? ctx.secure,
      path: '/',
      expires: session.expiresAt,
      overwrite: true,
    });
    ctx.state.log.info({ userId: principal.userId }, 'signed in');
    ctx.body = {
      user: publicUser(principal),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    } satisfies Session & { expiresAt: Date };
  });

  router.post('/auth/logout', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const token = ctx.cookies.get(sessionCookie);
    if (token) await deleteSession(deps.pool, token);
    ctx.cookies.set(sessionCookie, '', {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      expires: new Date(0),
    });
    ctx.status = 204;
  });

  router.get('/me', (ctx: Koa.Context) => {
    ctx.set('Cache-Control', 'no-store');
    const principal = ctx.state.principal;
    if (!principal) throw new HttpError(401, 'not signed in');
    ctx.body = { user: publicUser(principal), csrfToken: ctx.state.csrfToken };
  });

  return router;
}
