import type Koa from 'koa';
import { classifyDbError } from '../../core/db/db_errors';
import { DiagisError } from '../../core/errors/diagis_error';
import { STATUS_OF_ERROR_CODE } from './error_status';
import { HttpError } from './http_error';

interface ExposedError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
  field?: string;
  headers?: Record<string, string>;
  /** Extra members for the error body (an editing rule's name, place and violations). */
  details?: Record<string, unknown>;
}

/**
 * The one error handler. 4xx errors go to the client with their message (and the field
 * they concern), and so does an `HttpError` with status 503, with its headers
 * (`Retry-After`); a lost database becomes 503 and a slow query 504; anything else is a
 * 500 that tells the client only the request id and logs the details.
 */
export function errorMiddleware(): Koa.Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { status: 404, message: `no route for ${ctx.method} ${ctx.path}` } };
      }
    } catch (caught) {
      const error = exposedError(caught);
      const requestId: string = ctx.state.requestId;
      const dbFailure = classifyDbError(caught);
      const status = dbFailure?.status ?? error.status ?? error.statusCode ?? 500;
      if (dbFailure) {
        ctx.state.log?.warn({ err: caught }, 'database unavailable');
        ctx.status = dbFailure.status;
        ctx.set('Retry-After', '5');
        ctx.body = { error: { status: dbFailure.status, message: dbFailure.message, requestId } };
        return;
      }
      // A 503 raised on purpose (a service switched off, a dependency away) tells the client
      // why and when to retry; every other 5xx hides its message.
      const unavailable =
        error.status === 503 && (caught instanceof HttpError || caught instanceof DiagisError);
      if (unavailable) ctx.state.log?.warn({ err: caught }, 'service unavailable');
      else if (status >= 500 || !error.expose) {
        ctx.state.log?.error({ err: caught }, 'request failed');
        ctx.status = status >= 400 ? status : 500;
        ctx.body = { error: { status: ctx.status, message: 'internal error', requestId } };
        return;
      }
      for (const [name, value] of Object.entries(error.headers ?? {})) ctx.set(name, value);
      ctx.status = status;
      ctx.body = {
        error: {
          status,
          message: error.message,
          ...(error.field ? { field: error.field } : {}),
          ...(error.details ?? {}),
          requestId,
        },
      };
    }
  };
}

/** A library's `DiagisError` gets its status from the one table; other errors say their own. */
function exposedError(caught: unknown): ExposedError {
  if (!(caught instanceof DiagisError)) return (caught ?? {}) as ExposedError;
  const status = STATUS_OF_ERROR_CODE[caught.code];
  return {
    status,
    expose: status < 500,
    message: caught.message,
    ...(caught.field === undefined ? {} : { field: caught.field }),
    headers: caught.headers,
    ...(caught.details === undefined ? {} : { details: caught.details }),
  };
}
