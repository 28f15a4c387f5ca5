import type { CollectionView } from './collection_def';
import { queryablesOf } from './collection_def';
import { type Crs, crs84Uri } from './crs';
import { jsonType } from './json_schema';
import { mediaType } from './links';
import { defaultLimit, maxLimit } from './query_params';

const param = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({
  description,
  content: { [mediaType.json]: { schema: schemaRef('exception') } },
});
const ok = (
  description: string,
  types: readonly string[],
  schema: object = { type: 'object' },
) => ({
  description,
  content: Object.fromEntries(types.map((type) => [type, { schema }])),
});
const get = (operationId: string, summary: string, parameters: object[], responses: object) => ({
  get: { operationId, summary, tags: ['OGC API - Features'], parameters, responses },
});

function components(views: readonly CollectionView[], crsList: readonly Crs[]) {
  const crsSchema = {
    type: 'string',
    format: 'uri',
    enum: crsList.map((crs) => crs.uri),
    default: crs84Uri,
  };
  const form = { in: 'query', required: false, style: 'form', explode: false };
  return {
    parameters: {
      f: {
        name: 'f',
        in: 'query',
        required: false,
        description: 'Output format',
        schema: { type: 'string', enum: ['json'] },
      },
      limit: {
        name: 'limit',
        ...form,
        description: `Features per page (1-${maxLimit}); larger values are refused with 400.`,
        schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
      },
      offset: {
        name: 'offset',
        in: 'query',
        required: false,
        description: 'Features to skip (after `after`, when given); prev links carry it.',
        schema: { type: 'integer', minimum: 0, default: 0 },
      },
      after: {
        name: 'after',
        in: 'query',
        required: false,
        description:
          'Keyset paging, as next links carry it: only features whose id is greater than this ' +
          '(features are in id order). Such pages leave out numberMatched.',
        schema: { type: 'integer', minimum: 0 },
      },
      bbox: {
        name: 'bbox',
        ...form,
        description:
          'minx,miny,maxx,maxy in bbox-crs (CRS84 by default); features intersecting it.',
        schema: { type: 'array', minItems: 4, maxItems: 4, items: { type: 'number' } },
      },
      'bbox-crs': { name: 'bbox-crs', ...form, description: 'CRS of bbox', schema: crsSchema },
      crs: {
        name: 'crs',
        ...form,
        description: 'CRS of the returned geometries',
        schema: crsSchema,
      },
      datetime: {
        name: 'datetime',
        ...form,
        description: 'RFC 3339 date, date-time or interval; matched on Vietnam calendar days.',
        schema: { type: 'string' },
      },
      collectionId: {
        name: 'collectionId',
        in: 'path',
        required: true,
        schema: { type: 'string', enum: views.map((view) => view.def.id) },
      },
      featureId: {
        name: 'featureId',
        in: 'path',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      },
    },
    schemas: {
      exception: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            properties: {
              status: { type: 'integer' },
              message: { type: 'string' },
              field: { type: 'string' },
              requestId: { type: 'string' },
            },
          },
        },
      },
      featureCollection: {
        type: 'object',
        required: ['type', 'features'],
        properties: {
          type: { type: 'string', enum: ['FeatureCollection'] },
          numberMatched: { type: 'integer' },
          numberReturned: { type: 'integer' },
          timeStamp: { type: 'string', format: 'date-time' },
          links: { type: 'array', items: { type: 'object' } },
          features: { type: 'array', items: schemaRef('feature') },
        },
      },
      feature: {
        type: 'object',
        required: ['type', 'geometry', 'properties'],
        properties: {
          type: { type: 'string', enum: ['Feature'] },
          id: { type: 'integer' },
          geometry: { type: 'object', nullable: true },
          properties: { type: 'object' },
        },
      },
    },
  };
}

function collectionPaths(view: CollectionView) {
  const id = view.def.id;
  const names = view.properties.map((property) => property.name);
  const filters = queryablesOf(view).map((property) => ({
    name: property.name,
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: `${property.title}: features whose ${property.name} equals the value`,
    schema: jsonType(property.type),
  }));
  const properties = {
    name: 'properties',
    in: 'query',
    required: false,
    explode: false,
    description: 'Comma-separated properties to return (empty: none)',
    schema: { type: 'array', items: { type: 'string', enum: names } },
  };
  const itemParameters = [
    param('limit'),
    param('offset'),
    param('after'),
    param('bbox'),
    param('bbox-crs'),
    param('crs'),
    ...(view.def.temporal ? [param('datetime')] : []),
    properties,
    param('f'),
    ...filters,
  ];
  const features = [mediaType.geojson, mediaType.json];
  return {
    [`/collections/${id}/items`]: get(
      `getFeatures_${id}`,
      `Features of ${id}: ${view.def.title}`,
      itemParameters,
      {
        200: ok('A page of features', features, schemaRef('featureCollection')),
        400: problem('A parameter broke a rule; the message names it'),
      },
    ),
    [`/collections/${id}/items/{featureId}`]: get(
      `getFeature_${id}`,
      `One feature of ${id}`,
      [param('featureId'), param('crs'), param('f')],
      {
        200: ok('The feature', features, schemaRef('feature')),
        400: problem('featureId is not a positive integer, or a parameter is invalid'),
        404: problem('No such feature (or not visible to you)'),
      },
    ),
    [`/collections/${id}/queryables`]: get(
      `getQueryables_${id}`,
      `Queryables of ${id}`,
      [param('f')],
      {
        200: ok('JSON Schema of the filterable properties', [mediaType.schema, mediaType.json]),
      },
    ),
    [`/collections/${id}/schema`]: get(`getSchema_${id}`, `Feature schema of ${id}`, [param('f')], {
      200: ok('JSON Schema of one feature', [mediaType.schema, mediaType.json]),
    }),
  };
}

/**
 * The OpenAPI 3.0 document of the OGC API as `views` (the caller's audience) see it:
 * generated from the collection definitions, with the paging limits GDAL and QGIS read.
 */
export function openApiDocument(
  views: readonly CollectionView[],
  crsList: readonly Crs[],
  base: string,
) {
  const json = [mediaType.json];
  return {
    openapi: '3.0.3',
    info: {
      title: 'diagis OGC API - Features',
      version: '1.0.0',
      description:
        'Dữ liệu đất đai công khai / Public land data (OGC API - Features Part 1, 2, 3).',
    },
    servers: [{ url: base }],
    paths: {
      '/': get('getLandingPage', 'Landing page', [param('f')], {
        200: ok('Links to the API', json),
      }),
      '/conformance': get('getConformance', 'Conformance classes', [param('f')], {
        200: ok('The conformance declaration', json),
      }),
      '/api': get('getApi', 'This OpenAPI document', [], {
        200: ok('OpenAPI 3.0', [mediaType.openapi, ...json]),
      }),
      '/api.html': get('getApiHtml', 'Human-readable summary of this API', [], {
        200: ok('HTML page', [mediaType.html], { type: 'string' }),
      }),
      '/collections': get('getCollections', 'Collections', [param('f')], {
        200: ok('Every collection', json),
      }),
      '/collections/{collectionId}': get(
        'describeCollection',
        'One collection',
        [param('collectionId'), param('f')],
        { 200: ok('The collection', json), 404: problem('No such collection') },
      ),
      ...Object.assign({}, ...views.map(collectionPaths)),
    },
    components: components(views, crsList),
  };
}
