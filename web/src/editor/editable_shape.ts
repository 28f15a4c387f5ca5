import { area, booleanPointInPolygon, polygon as turfPolygon } from '@turf/turf';
import type { ParcelGeometry } from './editor_api';

/**
 * What the editor's vertex tools work on for one parcel. terra-draw edits simple polygons
 * (one ring), so a parcel with holes or several parts is edited one outer ring at a time:
 * the ring of the part the surveyor picked, while the holes and the other parts are kept
 * as they are and put back around the edited ring when the edit is sent.
 */
export interface EditableShape {
  /** The outer ring to edit, as a one-ring polygon. */
  polygon: GeoJSON.Polygon;
  /** True when the parcel has more than that ring (holes, other parts). */
  partial: boolean;
  /** The parcel's geometry with `edited` (a one-ring polygon) in place of the picked ring. */
  rebuild(edited: GeoJSON.Polygon): ParcelGeometry;
}

const partsOf = (geometry: ParcelGeometry): GeoJSON.Position[][][] =>
  geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;

/** The part containing `near` (a WGS84 position), else the largest part. */
function pickPart(parts: GeoJSON.Position[][][], near: GeoJSON.Position | undefined): number {
  if (near) {
    const hit = parts.findIndex((rings) => booleanPointInPolygon(near, turfPolygon(rings)));
    if (hit >= 0) return hit;
  }
  let largest = 0;
  let largestArea = -1;
  for (const [index, rings] of parts.entries()) {
    const size = area(turfPolygon(rings));
    if (size > largestArea) {
      largest = index;
      largestArea = size;
    }
  }
  return largest;
}

/** The editable ring of a parcel, picked near `near` when the parcel has several parts. */
export function editableShape(
  geometry: ParcelGeometry,
  near?: GeoJSON.Position,
): EditableShape | undefined {
  const parts = partsOf(geometry);
  if (parts.length === 0) return undefined;
  const index = pickPart(parts, near);
  const [outer, ...holes] = parts[index] as GeoJSON.Position[][];
  if (!outer) return undefined;
  return {
    polygon: { type: 'Polygon', coordinates: [outer] },
    partial: parts.length > 1 || holes.length > 0,
    rebuild(edited) {
      const rings = [edited.coordinates[0] as GeoJSON.Position[], ...holes];
      if (geometry.type === 'Polygon') return { type: 'Polygon', coordinates: rings };
      return {
        type: 'MultiPolygon',
        coordinates: parts.map((part, at) => (at === index ? rings : part)),
      };
    },
  };
}
