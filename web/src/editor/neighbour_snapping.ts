import type { Position } from 'geojson';
import type { SnapToCustom } from 'terra-draw';

/** The rings of every polygon in a parcel geometry. */
export function ringsOf(geometry: GeoJSON.Geometry | null | undefined): Position[][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

const boxes = new WeakMap<GeoJSON.Feature, [number, number, number, number]>();

/** [west, south, east, north] of a feature, computed once per feature object. */
const boxOf = (feature: GeoJSON.Feature): [number, number, number, number] => {
  let box = boxes.get(feature);
  if (!box) {
    box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of ringsOf(feature.geometry))
      for (const [lng = 0, lat = 0] of ring) {
        box = [
          Math.min(box[0], lng),
          Math.min(box[1], lat),
          Math.max(box[2], lng),
          Math.max(box[3], lat),
        ];
      }
    boxes.set(feature, box);
  }
  return box;
};

interface Pixel {
  x: number;
  y: number;
}

/** The point of segment a-b nearest to p, as a fraction along the segment (0-1). */
const fractionAlong = (p: Pixel, a: Pixel, b: Pixel): number => {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const squared = dx * dx + dy * dy;
  if (squared === 0) return 0;
  return Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / squared));
};

/**
 * A terra-draw `toCustom` snapping function over neighbour parcels: the pointer snaps to
 * the nearest neighbour vertex within `tolerancePx` screen pixels, else to the nearest
 * point on a neighbour edge within that distance (interpolated in lon/lat, which at
 * parcel scale is the same straight line). `neighbours()` is read on every move, so the
 * caller can swap the set (after a refetch) without rebuilding the drawing modes.
 */
export function snapToNeighbours(
  neighbours: () => readonly GeoJSON.Feature[],
  tolerancePx = 10,
): SnapToCustom {
  return (event, context) => {
    const pointer = { x: event.containerX, y: event.containerY };
    let vertex: { at: Position; distance: number } | undefined;
    let edge: { at: Position; distance: number } | undefined;
    const corner1 = context.unproject(pointer.x - tolerancePx, pointer.y + tolerancePx);
    const corner2 = context.unproject(pointer.x + tolerancePx, pointer.y - tolerancePx);
    for (const feature of neighbours()) {
      const [west, south, east, north] = boxOf(feature);
      if (east < corner1.lng || west > corner2.lng || north < corner1.lat || south > corner2.lat)
        continue;
      for (const ring of ringsOf(feature.geometry)) {
        let previous: { at: Position; px: Pixel } | undefined;
        for (const at of ring) {
          const px = context.project(at[0] ?? 0, at[1] ?? 0);
          const distance = Math.hypot(px.x - pointer.x, px.y - pointer.y);
          if (distance <= tolerancePx && (!vertex || distance < vertex.distance))
            vertex = { at, distance };
          if (previous) {
            const t = fractionAlong(pointer, previous.px, px);
            const x = previous.px.x + t * (px.x - previous.px.x);
            const y = previous.px.y + t * (px.y - previous.px.y);
            const onEdge = Math.hypot(x - pointer.x, y - pointer.y);
            if (onEdge <= tolerancePx && (!edge || onEdge < edge.distance)) {
              const [lng0 = 0, lat0 = 0] = previous.at;
              const [lng1 = 0, lat1 = 0] = at;
              edge = { at: [lng0 + t * (lng1 - lng0), lat0 + t * (lat1 - lat0)], distance: onEdge };
            }
          }
          previous = { at, px };
        }
      }
    }
    // Vertices win over edges: a surveyor aiming near a corner means the corner.
    const snapped = vertex ?? edge;
    return snapped ? [...snapped.at] : undefined;
  };
}
