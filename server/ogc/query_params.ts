import { z } from 'zod';
import { invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';
import type { CollectionView, PropertyDef } from './collection_def';
import { queryablesOf } from './collection_def';
import { type Crs, crs84Uri, findCrs } from './crs';
import { type DateSpan, parseDatetime } from './datetime_param';

/** Largest page a client may ask for; advertised as the `limit` maximum in the OpenAPI document. */
export const maxLimit = 10_000;
/** Page size when `limit` is absent. */
export const defaultLimit = 100;

/** The standard query parameters of `/items`; anything else must be a queryable property. */
export const itemsParameters = [
  'f',
  'limit',
  'offset',
  'after',
  'bbox',
  'bbox-crs',
  'crs',
  'datetime',
  'properties',
] as const;

/** A validated `/items` request. */
export interface ItemsQuery {
  limit: number;
  offset: number;
  /**
   * Keyset paging: only features whose id is greater than this (the last id of the page
   * before, as `next` links carry it); `offset` then counts from there.
   */
  after: number | undefined;
  /** In the axis order of `bboxCrs`, as sent. */
  bbox: readonly [number, number, number, number] | undefined;
  bboxCrs: Crs;
  crs: Crs;
  datetime: DateSpan | undefined;
  /** The properties to return, in definition order. */
  properties: readonly PropertyDef[];
  filters: readonly { property: PropertyDef; value: string | number | boolean }[];
}

type RawQuery = Record<string, string | string[] | undefined>;

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const integerPattern = /^[+-]?\d{1,15}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

const integerIn = (min: number, max: number, rule: string) =>
  z.string().transform((raw, ctx) => {
    const value = Number(raw);
    if (!/^\d{1,9}$/.test(raw) || value < min || value > max) {
      ctx.addIssue({ code: 'custom', message: `${rule}, got ${raw}` });
      return z.NEVER;
    }
    return value;
  });

const bboxNumbers = z.string().transform((raw, ctx) => {
  const parts = raw.split(',').map((part) => part.trim());
  if (parts.length === 6) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be 4 numbers minx,miny,maxx,maxy; 3D boxes (6 numbers) are not supported',
    });
    return z.NEVER;
  }
  if (parts.length !== 4 || !parts.every((part) => numberPattern.test(part))) {
    ctx.addIssue({
      code: 'custom',
      message: `must be 4 numbers minx,miny,maxx,maxy, got '${raw}'`,
    });
    return z.NEVER;
  }
  const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
  if (a > c || b > d) {
    ctx.addIssue({
      code: 'custom',
      message: `the lower corner must not exceed the upper corner, got ${raw}`,
    });
    return z.NEVER;
  }
  return [a, b, c, d] as const;
});

const formatParam = z.string().transform((raw, ctx) => {
  if (raw !== 'json') ctx.addIssue({ code: 'custom', message: `must be json, got '${raw}'` });
  return raw;
});

const standardSchema = z.object({
  f: formatParam.optional(),
  limit: integerIn(1, maxLimit, `must be an integer 1-${maxLimit}`).default(defaultLimit),
  offset: integerIn(0, 999_999_999, 'must be an integer >= 0').default(0),
  after: z
    .string()
    .transform((raw, ctx) => {
      if (!/^(0|[1-9]\d{0,14})$/.test(raw)) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a feature id (an integer >= 0), got ${raw}`,
        });
        return z.NEVER;
      }
      return Number(raw);
    })
    .optional(),
  bbox: bboxNumbers.optional(),
  'bbox-crs': z.string().default(crs84Uri),
  crs: z.string().default(crs84Uri),
  datetime: z.string().optional(),
  properties: z.string().optional(),
});

/**
 * Rejects repeated and unknown query parameters with a 400 naming the parameter;
 * `allowed` are the parameter names the resource understands.
 */
export function checkParameterNames(query: RawQuery, allowed: readonly string[]): void {
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) throw invalidField(name, 'must be given once');
    if (!allowed.includes(name)) {
      throw invalidField(name, `unknown query parameter; allowed: ${allowed.join(', ')}`);
    }
  }
}

/** Validates the `f` parameter of a resource that has no other parameters. */
export function parseSimpleQuery(query: RawQuery): void {
  checkParameterNames(query, ['f']);
  parseInput(z.object({ f: standardSchema.shape.f }), query, 'query');
}

function filterValue(property: PropertyDef, raw: string): string | number | boolean {
  const fail = (rule: string) => invalidField(property.name, `${rule}, got '${raw}'`);
  switch (property.type) {
    case 'integer':
      if (!integerPattern.test(raw)) throw fail('must be an integer');
      return Number(raw);
    case 'number':
      if (!numberPattern.test(raw)) throw fail('must be a number');
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw fail('must be true or false');
      return raw === 'true';
    case 'date':
      if (!datePattern.test(raw)) throw fail('must be a date YYYY-MM-DD');
      return raw;
    default:
      if (raw.length > 200) throw invalidField(property.name, 'must be at most 200 characters');
      return raw;
  }
}

function selectedProperties(view: CollectionView, raw: string | undefined): PropertyDef[] {
  if (raw === undefined) return [...view.properties];
  const names = raw === '' ? [] : raw.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!view.properties.some((property) => property.name === name)) {
      throw invalidField(
        'properties',
        `unknown property '${name}' of ${view.def.id}; known: ${view.properties.map((p) => p.name).join(', ')}`,
      );
    }
  }
  return view.properties.filter((property) => names.includes(property.name));
}

/**
 * Validates the query of `/collections/{id}/items` for `view`: the standard parameters,
 * then equality filters on the view's queryable properties. Throws a 400 naming the
 * offending parameter and the rule it broke.
 */
export function parseItemsQuery(
  query: RawQuery,
  view: CollectionView,
  crsList: readonly Crs[],
): ItemsQuery {
  const queryables = queryablesOf(view);
  checkParameterNames(query, [...itemsParameters, ...queryables.map((property) => property.name)]);
  const standard = parseInput(standardSchema, query, 'query');
  const bboxCrs = findCrs(crsList, standard['bbox-crs'], 'bbox-crs');
  if (standard.datetime !== undefined && !view.def.temporal) {
    throw invalidField('datetime', `collection ${view.def.id} has no time dimension`);
  }
  return {
    limit: standard.limit,
    offset: standard.offset,
    after: standard.after,
    bbox: standard.bbox,
    bboxCrs,
    crs: findCrs(crsList, standard.crs, 'crs'),
    datetime: standard.datetime === undefined ? undefined : parseDatetime(standard.datetime),
    properties: selectedProperties(view, standard.properties),
    filters: queryables
      .filter((property) => typeof query[property.name] === 'string')
      .map((property) => ({
        property,
        value: filterValue(property, query[property.name] as string),
      })),
  };
}

/** Validates the query of `/items/{featureId}`: only `f` and `crs`. */
export function parseItemQuery(query: RawQuery, crsList: readonly Crs[]): { crs: Crs } {
  checkParameterNames(query, ['f', 'crs']);
  const parsed = parseInput(standardSchema.pick({ f: true, crs: true }), query, 'query');
  return { crs: findCrs(crsList, parsed.crs, 'crs') };
}

/** The feature id of the path, which must be a positive integer. */
export function parseFeatureId(raw: string): number {
  if (!/^[1-9]\d{0,14}$/.test(raw)) {
    throw invalidField('featureId', `must be a positive integer, got '${raw}'`);
  }
  return Number(raw);
}
