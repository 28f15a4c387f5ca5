import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { HttpError } from '../http/http_error';
import { publicBaseUrl } from '../http/public_base_url';
import { createCatalog } from './collection_catalog';
import { type CollectionView, viewFor } from './collection_def';
import { collectionDocument, collectionsDocument, collectionUrl } from './collection_doc';
import { collections } from './collections';
import { featureCollectionText, singleFeatureText } from './feature_json';
import { readFeature, readPage } from './items_reader';
import { featureSchema, queryablesDocument } from './json_schema';
import { conformancePage, landingPage } from './landing';
import { mediaType } from './links';
import { negotiate } from './negotiate';
import { openApiDocument } from './openapi';
import {
  checkParameterNames,
  parseFeatureId,
  parseItemQuery,
  parseItemsQuery,
  parseSimpleQuery,
} from './query_params';
import type { Reader } from './read_as';
import { serviceDocHtml } from './service_doc';

/** Dependencies of the OGC API: both pools and the configured public URL (DIAGIS_PUBLIC_URL). */
export interface OgcDeps {
  pool: pg.Pool;
  /** Anonymous reads (sessions as `diagis_public`). */
  publicPool: pg.Pool;
  publicUrl: string | undefined;
}

/**
 * OGC API - Features (Part 1 core/GeoJSON/OpenAPI 3.0, Part 2 CRS, Part 3 queryables) under
 * `/ogc`. Anonymous requests read as `diagis_public`; signed-in staff see extra non-personal
 * fields where a collection allows it. Holder data never appear.
 */
export function ogcRoutes(deps: OgcDeps): Router {
  const router = new Router({ prefix: '/ogc' });
  const catalog = createCatalog(deps);
  const apiBase = (ctx: Koa.Context) => `${publicBaseUrl(ctx, deps.publicUrl)}/ogc`;
  const views = (ctx: Koa.Context) => collections.map((def) => viewFor(def, ctx.state.principal));
  const reader = (ctx: Koa.Context, view: CollectionView): Reader => ({
    audience: view.audience,
    userId: ctx.state.principal?.userId,
    requestId: ctx.state.requestId,
  });
  const viewOf = (ctx: Koa.Context): CollectionView => {
    const id = ctx.params.collectionId ?? '';
    const def = collections.find((candidate) => candidate.id === id);
    if (!def) {
      const known = collections.map((candidate) => candidate.id).join(', ');
      throw new HttpError(
        404,
        `collectionId: no collection '${id}'; collections: ${known}`,
        'collectionId',
      );
    }
    return viewFor(def, ctx.state.principal);
  };
  const sendJson = (ctx: Koa.Context, body: unknown, offered: readonly [string, ...string[]]) => {
    ctx.body = body;
    ctx.type = negotiate(ctx, offered);
  };

  router.use(async (ctx, next) => {
    // Public data for web maps on other sites; the session cookie is SameSite=Strict, so
    // cross-site requests are always anonymous.
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.vary('Accept');
    ctx.vary('Cookie');
    await next();
  });

  router.get('/', (ctx) => {
    parseSimpleQuery(ctx.query);
    sendJson(ctx, landingPage(apiBase(ctx)), [mediaType.json]);
  });

  router.get('/conformance', (ctx) => {
    parseSimpleQuery(ctx.query);
    sendJson(ctx, conformancePage(apiBase(ctx)), [mediaType.json]);
  });

  router.get('/api', async (ctx) => {
    parseSimpleQuery(ctx.query);
    const document = openApiDocument(views(ctx), await catalog.crsList(), apiBase(ctx));
    sendJson(ctx, document, [mediaType.openapi, mediaType.json]);
  });

  router.get('/api.html', async (ctx) => {
    checkParameterNames(ctx.query, []);
    ctx.type = 'text/html';
    ctx.body = serviceDocHtml(openApiDocument(views(ctx), await catalog.crsList(), apiBase(ctx)));
  });

  router.get('/collections', async (ctx) => {
    parseSimpleQuery(ctx.query);
    const base = apiBase(ctx);
    const crsList = await catalog.crsList();
    const entries = await Promise.all(
      views(ctx).map(async (view) =>
        collectionDocument(view, await catalog.facts(view), crsList, base),
      ),
    );
    sendJson(ctx, collectionsDocument(entries, crsList, base), [mediaType.json]);
  });

  router.get('/collections/:collectionId', async (ctx) => {
    const view = viewOf(ctx);
    parseSimpleQuery(ctx.query);
    const [crsList, facts] = await Promise.all([catalog.crsList(), catalog.facts(view)]);
    sendJson(ctx, collectionDocument(view, facts, crsList, apiBase(ctx)), [mediaType.json]);
  });

  router.get('/collections/:collectionId/queryables', (ctx) => {
    const view = viewOf(ctx);
    parseSimpleQuery(ctx.query);
    const url = `${collectionUrl(apiBase(ctx), view.def.id)}/queryables`;
    sendJson(ctx, queryablesDocument(view, url), [mediaType.schema, mediaType.json]);
  });

  router.get('/collections/:collectionId/schema', (ctx) => {
    const view = viewOf(ctx);
    parseSimpleQuery(ctx.query);
    const url = `${collectionUrl(apiBase(ctx), view.def.id)}/schema`;
    sendJson(ctx, featureSchema(view, url), [mediaType.schema, mediaType.json]);
  });

  router.get('/collections/:collectionId/items', async (ctx) => {
    const view = viewOf(ctx);
    const query = parseItemsQuery(ctx.query, view, await catalog.crsList());
    const type = negotiate(ctx, [mediaType.geojson, mediaType.json]);
    const page = await readPage(deps, reader(ctx, view), view, query);
    const url = collectionUrl(apiBase(ctx), view.def.id);
    ctx.set('Content-Crs', `<${query.crs.uri}>`);
    ctx.type = type;
    ctx.body = featureCollectionText(page.rows, {
      itemsUrl: `${url}/items`,
      collectionUrl: url,
      search: new URLSearchParams(ctx.querystring),
      limit: query.limit,
      offset: query.offset,
      matched: page.matched,
      more: page.more,
      timeStamp: new Date().toISOString(),
    });
  });

  router.get('/collections/:collectionId/items/:featureId', async (ctx) => {
    const view = viewOf(ctx);
    const featureId = parseFeatureId(ctx.params.featureId ?? '');
    const { crs } = parseItemQuery(ctx.query, await catalog.crsList());
    const type = negotiate(ctx, [mediaType.geojson, mediaType.json]);
    const row = await readFeature(deps, reader(ctx, view), view, featureId, crs);
    if (!row) {
      throw new HttpError(404, `featureId: no feature ${featureId} in ${view.def.id}`, 'featureId');
    }
    const url = collectionUrl(apiBase(ctx), view.def.id);
    ctx.set('Content-Crs', `<${crs.uri}>`);
    ctx.type = type;
    ctx.body = singleFeatureText(row, `${url}/items/${featureId}`, url);
  });

  return router;
}
