import Router from '@koa/router';
import type pg from 'pg';
import { glyphRange } from '../../tiles/style/glyphs';
import { landUseColors, mapStyle } from '../../tiles/style/map_style';
import type { Config } from '../config';
import { publicBaseUrl } from '../http/public_base_url';

/** What the style routes need. */
export interface StyleRouteDeps {
  /** The pool of anonymous reads: styles are public data, asked for by every map that loads. */
  publicPool: pg.Pool;
  config: Readonly<Config>;
}

/**
 * GET /styles/default.json (staff map), GET /styles/public.json (public map) and
 * GET /fonts/{fontstack}/{range}.pbf (the glyphs both styles use).
 */
export function styleRoutes(deps: StyleRouteDeps): Router {
  const router = new Router();

  for (const [path, audience] of [
    ['/styles/default.json', 'staff'],
    ['/styles/public.json', 'public'],
  ] as const) {
    router.get(path, async (ctx) => {
      const colors = await landUseColors(deps.publicPool);
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = mapStyle({
        audience,
        baseUrl: publicBaseUrl(ctx, deps.config.publicUrl),
        colors,
        basemapUrl: deps.config.tiles.basemapUrl,
      });
    });
  }

  router.get('/fonts/:fontstack/:file', async (ctx) => {
    const file = ctx.params.file ?? '';
    const range = file.endsWith('.pbf') ? file.slice(0, -4) : file;
    ctx.body = await glyphRange(ctx.params.fontstack ?? '', range);
    ctx.type = 'application/x-protobuf';
    ctx.set('Cache-Control', 'public, max-age=86400');
  });

  return router;
}
