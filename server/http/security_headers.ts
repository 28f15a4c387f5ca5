import type Koa from 'koa';

/** What the policy must allow besides this origin. */
export interface SecurityHeaderOptions {
  /** XYZ template of the optional raster basemap (DIAGIS_BASEMAP_URL): its origin may serve images. */
  basemapUrl?: string;
  /** DIAGIS_PUBLIC_URL: TileJSON and styles point there, so the map may fetch from it. */
  publicUrl?: string;
}

const originOf = (url: string | undefined): string[] => {
  if (!url) return [];
  // The basemap template's {z}/{x}/{y} sit in the path, so URL parses it as it is.
  const origin = new URL(url).origin;
  return origin === 'null' ? [] : [origin];
};

/**
 * The Content-Security-Policy of every answer. No `unsafe-inline` and no `unsafe-eval`:
 * the built pages load only their own module scripts and stylesheets, and nothing writes
 * inline style attributes or handlers. MapLibre documents `worker-src blob:` and
 * `child-src blob:` for its default of starting workers from a blob URL; diagis gives it
 * its worker as a same-origin file (`setWorkerUrl` in `web/src/map/create_map.ts`), so
 * `'self'` is enough there. It still needs `img-src data: blob:` (control icons, raster
 * tiles). The basemap and the public URL, when configured, join `img-src`/`connect-src`.
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const extra = [...new Set([...originOf(options.basemapUrl), ...originOf(options.publicUrl)])];
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'"],
    ['img-src', "'self'", 'data:', 'blob:', ...extra],
    ['connect-src', "'self'", ...extra],
    ['font-src', "'self'"],
    ['worker-src', "'self'"],
    ['child-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/** Headers on every answer: the CSP above, no MIME sniffing, same-origin referrers, no framing. */
export function securityHeaders(options: SecurityHeaderOptions): Koa.Middleware {
  const policy = contentSecurityPolicy(options);
  return async (ctx, next) => {
    ctx.set('Content-Security-Policy', policy);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('X-Frame-Options', 'DENY');
    await next();
  };
}
