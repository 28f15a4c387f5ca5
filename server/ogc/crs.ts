import { invalidField } from '../http/http_error';

/** OGC URI of WGS 84 with longitude first: the default CRS of OGC API - Features. */
export const crs84Uri = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** OGC URI of an EPSG coordinate reference system. */
export const epsgUri = (code: number): string => `http://www.opengis.net/def/crs/EPSG/0/${code}`;

/** A coordinate reference system clients may ask for in `crs` or `bbox-crs`. */
export interface Crs {
  uri: string;
  title: string;
  /** The PostGIS SRID to transform into (EPSG:4326 and CRS84 share 4326). */
  srid: number;
  /** True when the CRS's first axis is latitude (EPSG:4326): coordinates must be flipped. */
  latitudeFirst: boolean;
  /** Decimal digits of output coordinates: 7 for degrees (~1 cm), 3 for metres (1 mm). */
  decimals: number;
  /**
   * Where the CRS is usable, in its own axis order [min axis 1, min axis 2, max axis 1,
   * max axis 2]: bboxes are clipped to it, since PROJ fails or returns nonsense outside.
   */
  domain: readonly [number, number, number, number];
}

/** A VN-2000 system as listed in `ref.crs`. */
export interface Vn2000Row {
  srid: number;
  epsg: number;
  name: string;
}

const webMercatorLimit = 20_037_508.3428;
// Transverse Mercator zones stay well-behaved within ~15 degrees of the central meridian;
// Vietnam lies at northings 0.9-2.6 million metres.
const vn2000Domain = [-500_000, 0, 1_500_000, 3_000_000] as const;

const fixedCrs: readonly Crs[] = [
  {
    uri: crs84Uri,
    title: 'WGS 84 (longitude, latitude)',
    srid: 4326,
    latitudeFirst: false,
    decimals: 7,
    domain: [-180, -90, 180, 90],
  },
  {
    uri: epsgUri(4326),
    title: 'WGS 84 (latitude, longitude)',
    srid: 4326,
    latitudeFirst: true,
    decimals: 7,
    domain: [-90, -180, 90, 180],
  },
  {
    uri: epsgUri(3857),
    title: 'WGS 84 / Pseudo-Mercator',
    srid: 3857,
    latitudeFirst: false,
    decimals: 3,
    domain: [-webMercatorLimit, -webMercatorLimit, webMercatorLimit, webMercatorLimit],
  },
];

// Other spellings of CRS84 that clients send.
const crs84Aliases = new Set([crs84Uri, 'http://www.opengis.net/def/crs/OGC/0/CRS84']);

/**
 * Every CRS the OGC API serves: CRS84, EPSG:4326 (latitude first), EPSG:3857 and the VN-2000
 * systems of `ref.crs` (easting, northing; transformed with the official datum parameters).
 */
export function supportedCrs(vn2000: readonly Vn2000Row[]): readonly Crs[] {
  const zones = vn2000.map(
    (row): Crs => ({
      uri: epsgUri(row.epsg),
      title: row.name,
      srid: row.srid,
      latitudeFirst: false,
      decimals: 3,
      domain: vn2000Domain,
    }),
  );
  return [...fixedCrs, ...zones];
}

/** The CRS named by `uri`, or a 400 naming `field` and the supported URIs. */
export function findCrs(list: readonly Crs[], uri: string, field: string): Crs {
  const wanted = crs84Aliases.has(uri) ? crs84Uri : uri;
  const found = list.find((crs) => crs.uri === wanted);
  if (found) return found;
  throw invalidField(
    field,
    `unsupported CRS '${uri}'; supported: ${list.map((crs) => crs.uri).join(', ')}`,
  );
}

/** The URI to report for data stored with `srid` (4326 columns hold longitude, latitude). */
export function storageCrsUri(list: readonly Crs[], srid: number): string {
  if (srid === 4326) return crs84Uri;
  return list.find((crs) => crs.srid === srid && !crs.latitudeFirst)?.uri ?? epsgUri(srid);
}
