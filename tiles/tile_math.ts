/** Half the width of the Web Mercator (EPSG:3857) world in metres. */
export const worldHalf = 20_037_508.342_789_244;

/** Highest zoom any cache or layer uses. */
export const maxZoom = 22;

/** A box in EPSG:3857 metres: [minX, minY, maxX, maxY]. */
export type Bbox3857 = readonly [number, number, number, number];

/** The tiles of one zoom level that a box touches, inclusive on both ends. */
export interface TileRange {
  z: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** Number of tiles in a range. */
export const rangeSize = (range: TileRange): number =>
  (range.maxX - range.minX + 1) * (range.maxY - range.minY + 1);

/** True when tile x/y lies inside `range`. */
export const rangeContains = (range: TileRange, x: number, y: number): boolean =>
  x >= range.minX && x <= range.maxX && y >= range.minY && y <= range.maxY;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/**
 * The tiles of zoom `z` whose area, widened by `bufferFraction` of a tile on every side
 * (the ST_AsMVTGeom buffer), meets `bbox`. A feature in `bbox` can appear in exactly
 * these tiles, so they are the ones to drop when it changes. XYZ scheme (y down).
 */
export function tileRange(bbox: Bbox3857, z: number, bufferFraction: number): TileRange {
  const count = 2 ** z;
  const size = (2 * worldHalf) / count;
  const pad = size * bufferFraction;
  const column = (x: number) => clamp(Math.floor((x + worldHalf) / size), 0, count - 1);
  const row = (y: number) => clamp(Math.floor((worldHalf - y) / size), 0, count - 1);
  return {
    z,
    minX: column(bbox[0] - pad),
    maxX: column(bbox[2] + pad),
    minY: row(bbox[3] + pad),
    maxY: row(bbox[1] - pad),
  };
}

/** The EPSG:3857 box of tile z/x/y (as ST_TileEnvelope computes it). */
export function tileBbox(z: number, x: number, y: number): Bbox3857 {
  const size = (2 * worldHalf) / 2 ** z;
  return [
    -worldHalf + x * size,
    worldHalf - (y + 1) * size,
    -worldHalf + (x + 1) * size,
    worldHalf - y * size,
  ];
}

/** Longitude/latitude (WGS84 degrees) of an EPSG:3857 point. */
export function toLonLat(x: number, y: number): [number, number] {
  const lon = (x / worldHalf) * 180;
  const lat = (Math.atan(Math.exp((y / worldHalf) * Math.PI)) * 360) / Math.PI - 90;
  return [lon, lat];
}

/** EPSG:3857 metres of a WGS84 longitude/latitude. */
export function fromLonLat(lon: number, lat: number): [number, number] {
  const x = (lon / 180) * worldHalf;
  const y = (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) / Math.PI) * worldHalf;
  return [x, y];
}
