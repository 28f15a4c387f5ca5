import type { CollectionView, PropertyDef, PropertyType } from './collection_def';
import type { Crs } from './crs';
import type { ItemsQuery } from './query_params';

/** SQL text and its bind values. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Collects bind values and hands out their placeholders ($1, $2, ...). */
class BindValues {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

// Latitudes beyond this have no Web Mercator coordinates; PROJ fails on +-90.
const mercatorMaxLatitude = 85.0511287798;

const filterCasts: Record<PropertyType, string> = {
  string: 'text',
  integer: 'int8',
  number: 'numeric',
  boolean: 'boolean',
  date: 'date',
  'date-time': 'timestamptz',
};

/** The JSON value of a property; numbers keep their scale (`482.0`) so clients type them as reals. */
function outputExpression(property: PropertyDef): string {
  switch (property.type) {
    case 'integer':
      return `(${property.sql})::int8`;
    case 'number':
      return `round((${property.sql})::numeric, ${Math.trunc(property.scale ?? 1)})`;
    case 'boolean':
      return `(${property.sql})::boolean`;
    case 'date':
      return `to_char(${property.sql}, 'YYYY-MM-DD')`;
    case 'date-time':
      return `to_char((${property.sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    default:
      return `(${property.sql})::text`;
  }
}

function propertiesExpression(properties: readonly PropertyDef[], binds: BindValues): string {
  const pairs = properties.map(
    (property) => `${binds.add(property.name)}::text, ${outputExpression(property)}`,
  );
  return `json_build_object(${pairs.join(', ')})::text`;
}

/**
 * GeoJSON of the native geometry transformed straight into `crs` (a VN-2000 request never
 * passes through WGS 84), latitude first for EPSG:4326, without a "crs" member.
 */
function geometryExpression(view: CollectionView, crs: Crs, binds: BindValues): string {
  const transformed = `ST_Transform(${view.def.geometry.sql}, ${binds.add(crs.srid)}::int)`;
  const oriented = crs.latitudeFirst ? `ST_FlipCoordinates(${transformed})` : transformed;
  return `ST_AsGeoJSON(${oriented}, ${binds.add(crs.decimals)}::int, 0)`;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * The bbox as a polygon in EPSG:3857, from `bbox-crs` and its axis order, clipped to where
 * that CRS is defined (a box reaching past it asks for everything inside); undefined when
 * nothing of it is left.
 */
function bboxEnvelope(query: ItemsQuery, binds: BindValues): string | undefined {
  const [min1, min2, max1, max2] = query.bbox as readonly [number, number, number, number];
  const crs = query.bboxCrs;
  const [d1, d2, d3, d4] = crs.domain;
  const axis1 = [clamp(min1, d1, d3), clamp(max1, d1, d3)] as const;
  const axis2 = [clamp(min2, d2, d4), clamp(max2, d2, d4)] as const;
  const [x, y] = crs.latitudeFirst ? [axis2, axis1] : [axis1, axis2];
  const [ymin, ymax] =
    crs.srid === 4326
      ? [Math.max(y[0], -mercatorMaxLatitude), Math.min(y[1], mercatorMaxLatitude)]
      : y;
  if (x[0] > x[1] || ymin > ymax) return undefined;
  const corners = [x[0], ymin, x[1], ymax].map((value) => `${binds.add(value)}::float8`);
  return `ST_Transform(ST_MakeEnvelope(${corners.join(', ')}, ${binds.add(crs.srid)}::int), 3857)`;
}

function whereClause(view: CollectionView, query: ItemsQuery, binds: BindValues): string {
  const conditions = ['true'];
  if (query.bbox) {
    const envelope = bboxEnvelope(query, binds);
    conditions.push(
      envelope ? `ST_Intersects(${view.def.geometry.index3857}, ${envelope})` : 'false',
    );
  }
  if (query.datetime && view.def.temporal) {
    const from = binds.add(query.datetime.from);
    const to = binds.add(query.datetime.to);
    conditions.push(`(${view.def.temporal.range}) && daterange(${from}::date, ${to}::date, '[]')`);
  }
  for (const { property, value } of query.filters) {
    conditions.push(`(${property.sql}) = ${binds.add(value)}::${filterCasts[property.type]}`);
  }
  return conditions.join(' AND ');
}

/**
 * One page of features, plus one more row when more follow (the caller drops it and links
 * the next page after the last id it returns). Features are in id order; `after` pages
 * start past an id, so deep pages are a walk of the id index rather than an OFFSET scan.
 * With `withCount` every row also carries the exact number of matches (the `after` pages
 * of a client following next links skip it: on 1,000,000 parcels the count costs more
 * than the page). Every value is a bind parameter; identifiers and expressions come from
 * the collection definitions only.
 */
export function itemsSql(view: CollectionView, query: ItemsQuery, withCount = true): SqlQuery {
  const binds = new BindValues();
  const id = view.def.idSql;
  const where = whereClause(view, query, binds);
  const keyset = query.after === undefined ? '' : ` AND ${id} > ${binds.add(query.after)}::int8`;
  const limit = binds.add(query.limit);
  const offset = binds.add(query.offset);
  const geometry = geometryExpression(view, query.crs, binds);
  const properties = propertiesExpression(query.properties, binds);
  const matched = withCount
    ? `(SELECT count(*) FROM ${view.from} WHERE ${where})::int8`
    : 'NULL::int8';
  // Why: one statement; the count and the page's ids come from cheap columns, and geometry
  // transforms and JSON encoding run only for the rows returned.
  const text = `
    WITH page AS (
      SELECT ${id} AS id FROM ${view.from} WHERE ${where}${keyset}
      ORDER BY ${id} LIMIT ${limit}::int + 1 OFFSET ${offset}::int
    )
    SELECT ${matched} AS matched,
           ${id}::int8 AS id, ${geometry} AS geometry, ${properties} AS properties
    FROM ${view.from}, page
    WHERE ${id} = page.id
    ORDER BY page.id`;
  return { text, values: binds.values };
}

/** The exact number of matches, for a page past the end (which returns no rows to carry it). */
export function countSql(view: CollectionView, query: ItemsQuery): SqlQuery {
  const binds = new BindValues();
  const where = whereClause(view, query, binds);
  // Why: an offset beyond the last match leaves the page query without a row to count from.
  const text = `SELECT count(*)::int8 AS matched FROM ${view.from} WHERE ${where}`;
  return { text, values: binds.values };
}

/** One feature by id, with the chosen CRS. */
export function itemSql(view: CollectionView, featureId: number, crs: Crs): SqlQuery {
  const binds = new BindValues();
  const id = view.def.idSql;
  const idValue = binds.add(featureId);
  const geometry = geometryExpression(view, crs, binds);
  const properties = propertiesExpression(view.properties, binds);
  // Why: a single feature for /items/{featureId}, through the same audience-specific source.
  const text = `
    SELECT ${id}::int8 AS id, ${geometry} AS geometry, ${properties} AS properties
    FROM ${view.from}
    WHERE ${id} = ${idValue}::int8`;
  return { text, values: binds.values };
}
