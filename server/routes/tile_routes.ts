import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { LayerBounds } from '../../tiles/layer_bounds';
import { type Audience, findLayer, tileLayers } from '../../tiles/layers';
import { parseTileAddress } from '../../tiles/tile_address';
import { tileBody } from '../../tiles/tile_encoding';
import { TileService } from '../../tiles/tile_service';
import { tileJson } from '../../tiles/tilejson';
import { can } from '../auth/access_policy';
import type { Config } from '../config';
import { HttpError } from '../http/http_error';
import { publicBaseUrl } from '../http/public_base_url';
import type { Logger } from '../logger';

/** What the tile routes need. */
export interface TileRouteDeps {
  pool: pg.Pool;
  /** Anonymous reads (sessions as `diagis_public`): public tiles and every layer's bounds. */
  publicPool: pg.Pool;
  config: Readonly<Config>;
  logger: Logger;
  /** A service shared with the edit routes (for `invalidate`); one is made when absent. */
  service?: TileService;
}

/** Signed-in users who may read parcels get staff tiles; everyone else public ones. */
export const audienceOf = (ctx: Koa.Context): Audience =>
  can(ctx.state.principal, 'parcel:read') ? 'staff' : 'public';

/** True when an If-None-Match header names `etag` (weak or strong, any coding suffix). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.slice(1, -1);
  return header.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return value === bare || value === `${bare}-gzip`;
  });
}

// Each browser sends the same Accept-Encoding on every request, so the negotiation is
// done once per distinct value (bounded: values are client text).
const gzipVerdicts = new Map<string, boolean>();
function acceptsGzip(ctx: Koa.Context): boolean {
  const header = ctx.headers['accept-encoding'] ?? '';
  let verdict = gzipVerdicts.get(header);
  if (verdict === undefined) {
    verdict = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    if (gzipVerdicts.size < 100) gzipVerdicts.set(header, verdict);
  }
  return verdict;
}

const tileType = 'application/vnd.mapbox-vector-tile';

/**
 * GET /tiles/{layer}/{z}/{x}/{y}.mvt (or .pbf), GET /tiles/{layer}.json (TileJSON 3.0.0)
 * and GET /tiles/catalog.json. Tiles: 204 when empty, gzip when accepted, strong ETag
 * with 304, `public, max-age=60` for anonymous requests and `private, no-cache` for staff.
 */
export function tileRoutes(deps: TileRouteDeps): Router {
  const service =
    deps.service ??
    new TileService({
      pool: deps.pool,
      publicPool: deps.publicPool,
      cacheBytes: Math.max(1, deps.config.tiles.cacheBytes),
      cacheDir: deps.config.tiles.cacheDir,
      logger: deps.logger,
    });
  const bounds = new LayerBounds(deps.publicPool);
  const router = new Router({ prefix: '/tiles' });

  router.get('/catalog.json', async (ctx) => {
    const audience = audienceOf(ctx);
    const base = publicBaseUrl(ctx, deps.config.publicUrl);
    const layers = [];
    for (const layer of tileLayers) {
      const json = tileJson(layer, audience, base, await bounds.of(layer));
      layers.push({
        id: layer.id,
        title: layer.title,
        url: `${base}/tiles/${layer.id}.json`,
        ...json,
      });
    }
    ctx.set('Cache-Control', audience === 'public' ? 'public, max-age=300' : 'private, no-cache');
    ctx.set('Vary', 'Cookie');
    ctx.body = { layers };
  });

  router.get('/:document', async (ctx) => {
    const match = /^([a-z_]+)\.json$/.exec(ctx.params.document ?? '');
    const layer = match ? findLayer(match[1] ?? '') : undefined;
    if (!layer)
      throw new HttpError(404, `layer: no TileJSON named ${ctx.params.document}`, 'layer');
    const audience = audienceOf(ctx);
    const base = publicBaseUrl(ctx, deps.config.publicUrl);
    ctx.set('Cache-Control', audience === 'public' ? 'public, max-age=300' : 'private, no-cache');
    ctx.set('Vary', 'Cookie');
    ctx.body = tileJson(layer, audience, base, await bounds.of(layer));
  });

  router.get('/:layer/:z/:x/:file', async (ctx) => {
    const { layer, z, x, y } = parseTileAddress(
      ctx.params.layer ?? '',
      ctx.params.z ?? '',
      ctx.params.x ?? '',
      ctx.params.file ?? '',
    );
    const audience = audienceOf(ctx);
    const { tile, source } = await service.tile(layer, audience, z, x, y);
    // Cache hits are the bulk of the traffic: their access-log line is a debug one.
    if (source !== 'rendered') ctx.state.accessLogLevel = 'debug';
    const gzip = acceptsGzip(ctx);
    ctx.set('Cache-Control', audience === 'public' ? 'public, max-age=60' : 'private, no-cache');
    ctx.set('Vary', layer.staff ? 'Accept-Encoding, Cookie' : 'Accept-Encoding');
    ctx.set('X-Tile-Cache', source === 'rendered' ? 'miss' : `hit-${source}`);
    if (tile.bytes === 0) {
      ctx.status = 204;
      return;
    }
    ctx.set('ETag', gzip ? `"${tile.etag.slice(1, -1)}-gzip"` : tile.etag);
    const ifNoneMatch = ctx.headers['if-none-match'];
    if (ifNoneMatch && matches(ifNoneMatch, tile.etag)) {
      ctx.status = 304;
      return;
    }
    // Set as the header itself: the type setter would look the media type up every time.
    ctx.set('Content-Type', tileType);
    if (gzip) ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzip ? tile.gzip : tileBody(tile);
  });

  return router;
}
