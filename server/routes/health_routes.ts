import Router from '@koa/router';
import type pg from 'pg';

const readinessTimeoutMs = 2_000;

/** Answers within the timeout or rejects; the query itself may go on in the background. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** GET /health: the process is up. GET /ready: the database answers too (503 otherwise). */
export function healthRoutes(pool: pg.Pool): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  });
  router.get('/ready', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    try {
      await withTimeout(pool.query('SELECT 1'), readinessTimeoutMs);
      ctx.body = { status: 'ready', database: 'ok' };
    } catch (error) {
      ctx.state.log.warn({ err: { message: (error as Error).message } }, 'readiness check failed');
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.body = { status: 'unavailable', database: 'unreachable' };
    }
  });
  return router;
}
