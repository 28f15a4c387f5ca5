import type { CollectionView, PropertyDef, PropertyType } from './collection_def';
import { queryablesOf } from './collection_def';

const draft = 'https://json-schema.org/draft/2020-12/schema';

/** The JSON Schema of a property type (dates are strings with a format). */
export function jsonType(type: PropertyType): { type: string; format?: string } {
  if (type === 'date' || type === 'date-time') return { type: 'string', format: type };
  return { type };
}

const propertySchemas = (properties: readonly PropertyDef[]) =>
  Object.fromEntries(
    properties.map((property) => [
      property.name,
      { title: property.title, ...jsonType(property.type) },
    ]),
  );

/** Features Part 3 queryables: the properties `?name=value` filters accept. */
export function queryablesDocument(view: CollectionView, url: string) {
  return {
    $schema: draft,
    $id: url,
    type: 'object',
    title: view.def.title,
    properties: propertySchemas(queryablesOf(view)),
    additionalProperties: false,
  };
}

/**
 * The schema of one GeoJSON feature of the collection, with every property typed, so
 * clients (GDAL's OAPIF driver) need not guess field types from the first page.
 */
export function featureSchema(view: CollectionView, url: string) {
  return {
    $schema: draft,
    $id: url,
    title: view.def.title,
    type: 'object',
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'integer' },
      geometry: { title: 'GeoJSON geometry', format: 'geometry-any' },
      properties: { type: 'object', properties: propertySchemas(view.properties) },
    },
  };
}
