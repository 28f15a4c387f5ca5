import { randomUUID } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../logger';

const acceptableRequestId = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when it looks sane), a child
 * logger carrying it, and one access-log line when the response is done.
 */
export function requestContext(logger: Logger): Koa.Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get('X-Request-Id');
    const requestId = acceptableRequestId.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ reqId: requestId });
    ctx.set('X-Request-Id', requestId);
    const started = performance.now();
    try {
      await next();
    } finally {
      // A route may lower its line to debug (tile cache hits), never a failure's; the line
      // is not built when its level is off.
      const level = ctx.status < 400 ? (ctx.state.accessLogLevel ?? 'info') : 'info';
      if (ctx.state.log.isLevelEnabled(level)) {
        const ms = Math.round((performance.now() - started) * 10) / 10;
        ctx.state.log[level](
          { method: ctx.method, path: ctx.path, status: ctx.status, ms },
          'request',
        );
      }
    }
  };
}
