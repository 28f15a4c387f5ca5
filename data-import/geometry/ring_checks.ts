import type { PolygonRings } from '../../core/geo/ewkb';

export interface GeometryLimits {
  maxVertices: number;
  maxRings: number;
}

export interface RingProblem {
  rule:
    | 'ring_too_few_points'
    | 'ring_not_closed'
    | 'non_finite_coordinate'
    | 'too_many_vertices'
    | 'too_many_rings';
  message: string;
  at?: [number, number];
}

/**
 * The first structural problem of a polygon's rings that PostGIS would refuse to even
 * build (or that a limit forbids), or undefined. Self-intersections and the like are left
 * to ST_IsValidDetail, which names the reason and the place.
 */
export function ringProblem(
  polygons: readonly PolygonRings[],
  limits: GeometryLimits,
): RingProblem | undefined {
  let vertices = 0;
  let rings = 0;
  for (const [p, polygon] of polygons.entries()) {
    for (const [r, ring] of polygon.entries()) {
      rings += 1;
      vertices += ring.length;
      const first = ring[0];
      const last = ring[ring.length - 1];
      const where = `polygon ${p + 1} ring ${r + 1}`;
      for (const point of ring) {
        if (!Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
          return {
            rule: 'non_finite_coordinate',
            message: `${where} has a coordinate that is not a finite number`,
          };
        }
      }
      if (ring.length < 4) {
        return {
          rule: 'ring_too_few_points',
          message: `${where} has ${ring.length} points; a closed ring needs at least 4`,
          ...(first ? { at: [first[0], first[1]] as [number, number] } : {}),
        };
      }
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        return {
          rule: 'ring_not_closed',
          message: `${where} does not end where it starts`,
          at: [first[0] as number, first[1] as number],
        };
      }
    }
  }
  if (vertices > limits.maxVertices) {
    return {
      rule: 'too_many_vertices',
      message: `${vertices} vertices, the limit is ${limits.maxVertices}`,
    };
  }
  if (rings > limits.maxRings) {
    return { rule: 'too_many_rings', message: `${rings} rings, the limit is ${limits.maxRings}` };
  }
  return undefined;
}
