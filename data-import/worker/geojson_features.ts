import geojsonValidation from 'geojson-validation';
import { type FieldMap, parcelFields } from '../../core/api/import_job';
import type { PolygonRings } from '../../core/geo/ewkb';
import { ImportError } from '../import_error';
import { datasetCrs } from './dataset_crs';
import { settleFieldMap } from './dataset_fields';
import type { ParseRequest } from './parse_request';
import { jsonHeapEstimateMb, readHeapLimitMb } from './read_memory';
import type { OpenedDataset } from './shapefile_features';
import type { SourceFeature } from './source_feature';

/** Nesting depth of a JSON value, without recursion (a hostile file cannot blow the stack). */
function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    if (item !== null && typeof item === 'object') {
      for (const child of Object.values(item))
        if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

type Json = Record<string, unknown>;

function polygonsOf(geometry: Json | null): SourceFeature['geometry'] {
  if (geometry === null) return null;
  if (geometry.type === 'Polygon') return [geometry.coordinates as PolygonRings];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates as PolygonRings[];
  return { unsupported: String(geometry.type) };
}

const scalar = (value: unknown): string | number | null =>
  typeof value === 'number' || typeof value === 'string'
    ? value
    : value === null || value === undefined
      ? null
      : JSON.stringify(value);

/**
 * The features of the GeoJSON in `bytes`: refused when reading it would need more memory
 * than allowed, when it is not JSON, nests too deep, is not a FeatureCollection or has
 * more features than the limit. Returns the document too, for its legacy `crs` member.
 */
function parseFeatureCollection(
  request: ParseRequest,
  bytes: Uint8Array,
): { document: Json; features: Json[] } {
  // Refused before parsing rather than by the worker's heap limit, which a parse reaches
  // only after seconds of collecting garbage.
  const needMb = jsonHeapEstimateMb(bytes);
  const allowedMb = readHeapLimitMb(request.limits.maxBytes);
  if (needMb > allowedMb) {
    throw new ImportError(
      'file_too_large',
      `${request.name}: reading it needs about ${needMb} MB of memory, more than the ${allowedMb} MB allowed for an import of at most ${Math.round(request.limits.maxBytes / 1_048_576)} MB`,
      request.name,
    );
  }
  let document: Json;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8')) as Json;
  } catch (error) {
    throw new ImportError(
      'file_invalid',
      `${request.name} is not JSON: ${(error as Error).message}`,
      request.name,
    );
  }
  if (depthOf(document, request.limits.maxDepth) > request.limits.maxDepth) {
    throw new ImportError(
      'file_invalid',
      `${request.name} nests deeper than ${request.limits.maxDepth} levels`,
      request.name,
    );
  }
  if (document?.type !== 'FeatureCollection' || !Array.isArray(document.features)) {
    throw new ImportError(
      'file_invalid',
      `${request.name}: expected a GeoJSON FeatureCollection`,
      request.name,
    );
  }
  const features = document.features as Json[];
  if (features.length > request.limits.maxFeatures) {
    throw new ImportError(
      'file_too_large',
      `${request.name} has ${features.length} features, the limit is ${request.limits.maxFeatures}`,
      request.name,
    );
  }
  return { document, features };
}

/** Each feature's mapped values, properties and polygons; an invalid feature has no geometry. */
function* geoJsonFeatures(features: Json[], map: FieldMap): Generator<SourceFeature> {
  for (const feature of features) {
    const properties = ((feature?.properties as Json | null) ?? {}) as Json;
    const problems: SourceFeature['problems'] = [];
    const trace = geojsonValidation.isFeature(feature, true) as unknown;
    const invalid = Array.isArray(trace) && trace.length > 0;
    if (invalid)
      problems.push({
        severity: 'error',
        rule: 'geojson_invalid',
        message: (trace as string[]).slice(0, 3).join('; '),
      });
    const values: SourceFeature['values'] = {};
    for (const target of parcelFields) {
      const source = map[target];
      if (source) values[target] = scalar(properties[source]);
    }
    const attributes = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [key, scalar(value)]),
    );
    yield {
      values,
      attributes,
      geometry: invalid ? null : polygonsOf((feature.geometry as Json | null) ?? null),
      problems,
    };
  }
}

/**
 * Opens an RFC 7946 GeoJSON FeatureCollection: depth limit, geojson-validation, then each
 * feature's polygon; coordinates are WGS84 unless a legacy `crs` member or the user names
 * a VN-2000 zone.
 */
export function openGeoJson(request: ParseRequest): OpenedDataset {
  const bytes = request.parts.find(([extension]) => extension === 'geojson')?.[1];
  if (!bytes) throw new ImportError('file_missing', `${request.name}: no GeoJSON`, request.name);
  const { document, features } = parseFeatureCollection(request, bytes);
  const crsName = (document.crs as { properties?: { name?: string } } | undefined)?.properties
    ?.name;
  const crs =
    request.sourceSrid !== undefined || crsName !== undefined
      ? datasetCrs(request, crsName, 'crs member')
      : { srid: 4326, via: 'RFC 7946 (WGS 84)' };
  const attributes = [
    ...new Set(
      features.flatMap((feature) => Object.keys((feature?.properties as Json | null) ?? {})),
    ),
  ];
  const map = settleFieldMap(request, attributes, { noun: 'property', listAttributes: false });
  return {
    sourceSrid: crs.srid,
    crsVia: crs.via,
    encoding: 'utf-8',
    encodingScores: undefined,
    count: features.length,
    attributes,
    fieldMap: map,
    features: () => geoJsonFeatures(features, map),
  };
}
