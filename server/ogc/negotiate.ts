import type Koa from 'koa';
import { HttpError } from '../http/http_error';

/**
 * The media type to answer with: the first of `offered` when `f=json` is given (validated
 * before), else the best match for the Accept header (the first when there is none).
 * Throws 406 naming Accept when the client accepts none of them.
 */
export function negotiate(ctx: Koa.Context, offered: readonly [string, ...string[]]): string {
  if (ctx.query.f !== undefined) return offered[0];
  const chosen = ctx.accepts([...offered]);
  if (typeof chosen === 'string') return chosen;
  throw new HttpError(
    406,
    `Accept: '${ctx.get('Accept')}' matches none of ${offered.join(', ')}`,
    'Accept',
  );
}
