import { z } from 'zod';
import type { Violation } from './rule_violation';

/**
 * Limits that keep one request from tying up the database. A parcel boundary on a
 * 1:500-1:10,000 cadastral sheet rarely has more than a few hundred vertices, and the
 * largest real ones (rivers, roads, long canals digitised as parcels) reach a few
 * thousand: 5,000 over all rings and parts keeps those with room to spare. Every check
 * (validity, snapping, overlays, slivers) costs at least in proportion to the vertices,
 * so a quarter of the former 20,000 cuts what any boundary can cost by four or more;
 * the check budget (DIAGIS_EDIT_CHECK_TIMEOUT_MS) stops what is still too slow.
 */
export const geometryLimits = { maxVertices: 5_000, maxRings: 500, maxParts: 50 } as const;

// zod numbers are finite: NaN and Infinity fail here with the field's path.
const position = z
  .array(z.number())
  .min(2, 'a position needs x and y')
  .max(3, 'a position has at most x, y and z');
const ring = z
  .array(position)
  .max(
    geometryLimits.maxVertices,
    `too many vertices in one ring; at most ${geometryLimits.maxVertices} are allowed`,
  );

const countVertices = (rings: unknown[][]): number =>
  rings.reduce((total, ring) => total + ring.length, 0);

const polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(ring).min(1, 'a polygon needs an outer ring').max(geometryLimits.maxRings),
});
const multiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z
    .array(z.array(ring).min(1, 'a polygon needs an outer ring'))
    .min(1, 'a multipolygon needs a polygon')
    .max(geometryLimits.maxParts),
});

/** A parcel boundary: a GeoJSON Polygon or MultiPolygon within the vertex limits. */
export const areaGeometry = z
  .discriminatedUnion('type', [polygon, multiPolygon], {
    error: 'must be a GeoJSON Polygon or MultiPolygon',
  })
  .superRefine((geometry, check) => {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const vertices = polygons.reduce((total, rings) => total + countVertices(rings), 0);
    if (vertices > geometryLimits.maxVertices)
      check.addIssue({
        code: 'custom',
        message: `has ${vertices} vertices; at most ${geometryLimits.maxVertices} are allowed`,
      });
  });
export type AreaGeometry = z.infer<typeof areaGeometry>;

/** A cutting line for a split. */
export const cutLine = z.object({
  type: z.literal('LineString', { error: 'must be a GeoJSON LineString' }),
  coordinates: z.array(position).min(2, 'a line needs two positions').max(5_000),
});
export type CutLine = z.infer<typeof cutLine>;

/**
 * The CRS of the coordinates sent: 4326 (WGS84 longitude, latitude; the default) or the
 * SRID of one of the project's VN-2000 zones (checked against ref.crs by the caller).
 */
export const inputCrs = z.coerce.number().int().positive().default(4326);

/** A ring problem found before the database sees the geometry, in the input CRS. */
export interface RingProblem {
  rule: Violation['rule'];
  message: string;
  position: [number, number];
}

/**
 * Rings must be closed (first position = last) and have at least four positions: the
 * OGC rule a bow-tie-free polygon starts from. Returns every ring that breaks it.
 */
export function ringProblems(geometry: AreaGeometry, field: string): RingProblem[] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const problems: RingProblem[] = [];
  polygons.forEach((rings, polygonIndex) => {
    rings.forEach((ring, ringIndex) => {
      const name =
        geometry.type === 'Polygon'
          ? `${field} ring ${ringIndex}`
          : `${field} polygon ${polygonIndex} ring ${ringIndex}`;
      const first = ring[0];
      const last = ring[ring.length - 1];
      const at = (first ?? [0, 0]).slice(0, 2) as [number, number];
      if (!first || !last) {
        problems.push({ rule: 'geometry.min_points', message: `${name} is empty`, position: at });
        return;
      }
      const closed = first[0] === last[0] && first[1] === last[1];
      if (!closed) {
        problems.push({
          rule: 'geometry.valid',
          message: `${name} is not closed: its last position must repeat the first`,
          position: at,
        });
      } else if (ring.length < 4) {
        problems.push({
          rule: 'geometry.min_points',
          message: `${name} has ${ring.length} positions; a closed ring needs at least 4`,
          position: at,
        });
      }
    });
  });
  return problems;
}
