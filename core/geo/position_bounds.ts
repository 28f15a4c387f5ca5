/** The box positions given in one CRS must lie in, with the names of its two axes. */
export interface PositionBounds {
  x: { name: string; min: number; max: number };
  y: { name: string; min: number; max: number };
  /** What the box is, for messages. */
  what: string;
}

/**
 * WGS84 positions must lie around Vietnam: PROJ cannot put a point more than about 80°
 * from a VN-2000 zone's central meridian into that zone ("Point outside of projection
 * domain"), and off the globe ("Invalid coordinate") into any.
 */
const wgs84: PositionBounds = {
  x: { name: 'longitude', min: 100, max: 120 },
  y: { name: 'latitude', min: 0, max: 25 },
  what: 'around Vietnam in WGS84',
};

/**
 * A VN-2000 plane (transverse Mercator, 500 km false easting): its northern half, where
 * every point transforms to WGS84, Web Mercator and every other zone without error.
 */
const vn2000Plane: PositionBounds = {
  x: { name: 'easting', min: 0, max: 1_000_000 },
  y: { name: 'northing', min: 0, max: 10_000_000 },
  what: 'in a VN-2000 plane (m)',
};

/** The bounds of positions in `srid`: 4326 (WGS84) or one of the VN-2000 zones. */
export function positionBounds(srid: number): PositionBounds {
  return srid === 4326 ? wgs84 : vn2000Plane;
}

/** A position outside the bounds and where it is in the coordinate arrays. */
export interface StrayPosition {
  /** Indexes from the `coordinates` member down to the position. */
  path: number[];
  position: number[];
  /** The rule it breaks, naming the position and the box. */
  rule: string;
}

/**
 * The first position of GeoJSON `coordinates` (nested arrays of any depth) that lies
 * outside `positionBounds(srid)`, or undefined when all lie inside. Non-numbers are left
 * to the schema that checks the shape.
 */
export function strayPosition(coordinates: unknown, srid: number): StrayPosition | undefined {
  const bounds = positionBounds(srid);
  const walk = (value: unknown, path: number[]): StrayPosition | undefined => {
    if (!Array.isArray(value)) return undefined;
    if (typeof value[0] === 'number') {
      const [x = Number.NaN, y = Number.NaN] = value as number[];
      const inside =
        x >= bounds.x.min && x <= bounds.x.max && y >= bounds.y.min && y <= bounds.y.max;
      if (inside) return undefined;
      return {
        path,
        position: value as number[],
        rule:
          `position ${x},${y} is outside ${bounds.x.name} ${bounds.x.min} to ${bounds.x.max}, ` +
          `${bounds.y.name} ${bounds.y.min} to ${bounds.y.max} (${bounds.what}): swapped axes or another crs?`,
      };
    }
    for (const [index, item] of value.entries()) {
      const found = walk(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(coordinates, []);
}
