import type Koa from 'koa';

const safePrefix = /^\/[A-Za-z0-9._~/-]*$/;

/**
 * The URL clients reach this server at, for links in API documents (TileJSON, OGC links):
 * the configured DIAGIS_PUBLIC_URL when set; otherwise the request's own protocol and
 * host, which Koa takes from X-Forwarded-Proto / X-Forwarded-Host when
 * DIAGIS_TRUST_PROXY is on, plus a sane X-Forwarded-Prefix in that case. No trailing slash.
 */
export function publicBaseUrl(ctx: Koa.Context, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const prefix = ctx.app.proxy ? ctx.get('X-Forwarded-Prefix') : '';
  const path = prefix && safePrefix.test(prefix) ? prefix.replace(/\/+$/, '') : '';
  return `${ctx.protocol}://${ctx.host}${path}`;
}
