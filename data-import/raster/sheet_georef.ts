import { type Affine, pixelSize } from '../../core/geo/affine';
import type { ZoneTransform } from '../../core/geo/zone_crs';
import { fitGcps, type GcpFit, requireGoodFit } from './gcp_fit';
import { parseGcpJson } from './gcp_json';
import {
  footprintRing,
  type LonLatBox,
  type Ring,
  requireInsideProvince,
  ringToWgs84,
} from './sheet_footprint';
import { parseWorldFile } from './world_file';

/** How the sheet is placed: a world file's text or the JSON of control points. */
export type GeorefSource = { kind: 'world'; text: string } | { kind: 'gcp'; text: string };

/** A placed sheet: its transform, the GCP fit when there was one, and its outline. */
export interface SheetGeoref {
  method: 'world_file' | 'gcp';
  affine: Affine;
  fit: GcpFit | undefined;
  /** Ground size of a pixel, metres. */
  pixelSize: { x: number; y: number };
  footprint: Ring;
  footprintWgs84: Ring;
}

export interface GeorefOptions {
  zone: ZoneTransform;
  width: number;
  height: number;
  /** Largest GCP RMS accepted, metres. */
  maxRms: number;
  provinceBox: LonLatBox;
}

/**
 * Places a scanned sheet of `width` × `height` pixels in its zone from a world file or
 * control points, checks the GCP fit against `maxRms` and the outline against the
 * province. Throws a RasterInputError naming `world` or `gcp` when a rule is broken.
 */
export function georeferenceSheet(source: GeorefSource, options: GeorefOptions): SheetGeoref {
  let affine: Affine;
  let fit: GcpFit | undefined;
  if (source.kind === 'world') {
    affine = parseWorldFile(source.text);
  } else {
    fit = fitGcps(parseGcpJson(source.text));
    requireGoodFit(fit, options.maxRms);
    affine = fit.affine;
  }
  const footprint = footprintRing(affine, options.width, options.height);
  const footprintWgs84 = ringToWgs84(footprint, options.zone);
  requireInsideProvince(footprintWgs84, options.provinceBox, source.kind);
  return {
    method: source.kind === 'world' ? 'world_file' : 'gcp',
    affine,
    fit,
    pixelSize: pixelSize(affine),
    footprint,
    footprintWgs84,
  };
}
