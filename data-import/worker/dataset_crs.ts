import { crsFromPrj } from '../crs/prj_crs';
import { ImportError } from '../import_error';
import type { ParseRequest } from './parse_request';

const geographic = [4326, 4756];

/** The source SRID (explicit choice, else the .prj or GeoJSON crs member) and where it came from. */
export function datasetCrs(
  request: ParseRequest,
  declared: string | undefined,
  what: string,
): { srid: number; via: string } {
  const accepted = [...request.zones.map((zone) => zone.srid), ...geographic];
  if (request.sourceSrid !== undefined) {
    if (!accepted.includes(request.sourceSrid)) {
      throw new ImportError(
        'crs_unknown',
        `EPSG:${request.sourceSrid} is not a CRS diagis imports from; choose one of ${accepted.join(', ')}`,
      );
    }
    return { srid: request.sourceSrid, via: 'chosen by the user' };
  }
  if (declared === undefined) {
    throw new ImportError(
      'crs_unknown',
      `${request.name} has no ${what}: its coordinate system is unknown; choose one (EPSG ${accepted.join(', ')})`,
      request.name,
    );
  }
  const match = crsFromPrj(declared, request.zones);
  if (!match) {
    throw new ImportError(
      'crs_unknown',
      `${request.name}: the ${what} names a coordinate system diagis does not recognise (${declared.slice(0, 80)}...); choose one (EPSG ${accepted.join(', ')})`,
      request.name,
    );
  }
  return match;
}

/** Where parcels are stored: a VN-2000 zone as is, geographic sources in the default zone. */
export function targetSridFor(request: ParseRequest, sourceSrid: number): number {
  return request.zones.some((zone) => zone.srid === sourceSrid)
    ? sourceSrid
    : request.defaultTargetSrid;
}
