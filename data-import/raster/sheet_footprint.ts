import { type Affine, applyAffine } from '../../core/geo/affine';
import type { ZoneTransform } from '../../core/geo/zone_crs';
import { RasterInputError } from './raster_input_error';

/** A closed ring of [x, y] points. */
export type Ring = [number, number][];

/** WGS84 box [west, south, east, north]. */
export type LonLatBox = readonly [number, number, number, number];

/** Cần Thơ with the former Sóc Trăng and Hậu Giang, generously (as the vector importer). */
export const defaultProvinceBox: LonLatBox = [105.0, 9.0, 106.6, 10.6];

/** The image outline (its four outer pixel corners) in the zone, closed, clockwise in the image. */
export function footprintRing(t: Affine, width: number, height: number): Ring {
  const corners: [number, number][] = [
    [0, 0],
    [width, 0],
    [width, height],
    [0, height],
    [0, 0],
  ];
  return corners.map(([col, row]) => applyAffine(t, col, row));
}

/** The ring in WGS84 longitude/latitude (straight edges: a sheet is a few km at most). */
export const ringToWgs84 = (ring: Ring, zone: ZoneTransform): Ring =>
  ring.map(([x, y]) => zone.toWgs84(x, y));

/** EWKT of a ring as a polygon in `srid`, for ST_GeomFromEWKT with a bind parameter. */
export const ringEwkt = (ring: Ring, srid: number): string =>
  `SRID=${srid};POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(',')}))`;

/**
 * Throws (field `field`) when a corner of the WGS84 footprint lies outside `box`: the
 * usual causes are a wrong zone, swapped axes or a world file of another sheet.
 */
export function requireInsideProvince(wgs84: Ring, box: LonLatBox, field: string): void {
  const outside = wgs84.find(
    ([lon, lat]) => !(lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]),
  );
  if (!outside) return;
  throw new RasterInputError(
    field,
    `the sheet lands at ${outside[0].toFixed(5)} E, ${outside[1].toFixed(5)} N, outside the province (${box.join(', ')}): wrong zone SRID, swapped x/y or another sheet's coordinates`,
    'unprocessable',
  );
}
