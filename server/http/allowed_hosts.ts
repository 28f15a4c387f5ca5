import type Koa from 'koa';
import { HttpError } from './http_error';

/** Hosts a fresh install answers to when neither DIAGIS_PUBLIC_URL nor DIAGIS_ALLOWED_HOSTS is set. */
export const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'] as const;

// Probes of load balancers and orchestrators call these by address; they embed no URL.
const probePaths = new Set(['/health', '/ready']);

/**
 * The host names (optionally `name:port`) this server answers to, lower case, or
 * undefined for "any": DIAGIS_ALLOWED_HOSTS when set (`*` = any); otherwise any when
 * DIAGIS_PUBLIC_URL is set (no answer then depends on the Host header), else loopback only.
 */
export function allowedHosts(
  configured: readonly string[] | undefined,
  publicUrl: string | undefined,
): readonly string[] | undefined {
  if (configured) return configured.includes('*') ? undefined : configured;
  return publicUrl ? undefined : loopbackHosts;
}

/**
 * Refuses a request whose host (the `Host` header, or `X-Forwarded-Host` behind a trusted
 * proxy: what links in TileJSON, styles and OGC documents are built from) is not allowed,
 * with a 400 naming it, so a forged host can never be written into a cacheable document.
 * `/health` and `/ready` answer any host.
 */
export function allowedHostsCheck(allowed: readonly string[] | undefined): Koa.Middleware {
  if (!allowed) return (_ctx, next) => next();
  const entries = new Set(allowed.map((entry) => entry.toLowerCase()));
  return async (ctx, next) => {
    if (probePaths.has(ctx.path)) return next();
    const host = ctx.host.toLowerCase();
    const name = ctx.hostname.toLowerCase();
    if (!host || !(entries.has(host) || entries.has(name))) {
      const header = ctx.app.proxy && ctx.get('X-Forwarded-Host') ? 'X-Forwarded-Host' : 'Host';
      throw new HttpError(
        400,
        `${header}: ${JSON.stringify(host.slice(0, 100))} is not an allowed host; add it to DIAGIS_ALLOWED_HOSTS or set DIAGIS_PUBLIC_URL`,
        header,
      );
    }
    return next();
  };
}
