/**
 * An independent VN-2000 calculator for tests: WGS84 longitude/latitude to a VN-2000
 * Transverse Mercator zone, written from the official parameters and textbook formulas,
 * sharing nothing with PROJ, proj4js or the rows in spatial_ref_sys it is used to check.
 */

const a = 6_378_137;
const f = 1 / 298.257223563;
const e2 = f * (2 - f);

/**
 * VN-2000 -> WGS84, EPSG:6960, coordinate frame rotation convention (Decision
 * 05/2007/QĐ-BTNMT): translations in metres, rotations in arc seconds, scale in ppm.
 */
export const officialVn2000ToWgs84 = {
  tx: -191.90441429,
  ty: -39.30318279,
  tz: -111.45032835,
  rx: -0.00928836,
  ry: 0.01975479,
  rz: -0.00427372,
  ppm: 0.252906278,
};

type Vector = [number, number, number];

function toCartesian(lonDeg: number, latDeg: number): Vector {
  const lon = (lonDeg * Math.PI) / 180;
  const lat = (latDeg * Math.PI) / 180;
  const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [
    nu * Math.cos(lat) * Math.cos(lon),
    nu * Math.cos(lat) * Math.sin(lon),
    nu * (1 - e2) * Math.sin(lat),
  ];
}

function toGeodetic([x, y, z]: Vector): { lon: number; lat: number } {
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    lat = Math.atan2(z + e2 * nu * Math.sin(lat), p);
  }
  return { lon: (Math.atan2(y, x) * 180) / Math.PI, lat: (lat * 180) / Math.PI };
}

/** WGS84 -> VN-2000 by solving the official VN-2000 -> WGS84 Helmert equations exactly. */
function wgs84ToVn2000(point: Vector): Vector {
  const p = officialVn2000ToWgs84;
  const arcsec = Math.PI / (180 * 3600);
  const [rx, ry, rz] = [p.rx * arcsec, p.ry * arcsec, p.rz * arcsec];
  const scale = 1 + p.ppm * 1e-6;
  // Coordinate frame: X_wgs = T + scale * M * X_vn with M = [[1, rz, -ry], [-rz, 1, rx], [ry, -rx, 1]];
  // solved for X_vn by Cramer's rule.
  const [bx, by, bz] = [
    (point[0] - p.tx) / scale,
    (point[1] - p.ty) / scale,
    (point[2] - p.tz) / scale,
  ];
  type Matrix = [number, number, number, number, number, number, number, number, number];
  const det3 = ([a1, a2, a3, b1, b2, b3, c1, c2, c3]: Matrix) =>
    a1 * (b2 * c3 - b3 * c2) - a2 * (b1 * c3 - b3 * c1) + a3 * (b1 * c2 - b2 * c1);
  const m: Matrix = [1, rz, -ry, -rz, 1, rx, ry, -rx, 1];
  const whole = det3(m);
  const withColumn = (j: number): Matrix => {
    const c = [...m] as Matrix;
    [c[j], c[3 + j], c[6 + j]] = [bx, by, bz];
    return c;
  };
  return [det3(withColumn(0)) / whole, det3(withColumn(1)) / whole, det3(withColumn(2)) / whole];
}

/** Transverse Mercator on the WGS84 ellipsoid by Krüger's series to n^4 (sub-millimetre within 3°). */
function transverseMercator(
  lonDeg: number,
  latDeg: number,
  zone: { centralMeridian: number; scale: number; falseEasting: number },
): { x: number; y: number } {
  const n = f / (2 - f);
  const bigA = (a / (1 + n)) * (1 + n ** 2 / 4 + n ** 4 / 64);
  const alpha = [
    n / 2 - (2 * n ** 2) / 3 + (5 * n ** 3) / 16 + (41 * n ** 4) / 180,
    (13 * n ** 2) / 48 - (3 * n ** 3) / 5 + (557 * n ** 4) / 1440,
    (61 * n ** 3) / 240 - (103 * n ** 4) / 140,
    (49561 * n ** 4) / 161280,
  ];
  const e = Math.sqrt(e2);
  const lat = (latDeg * Math.PI) / 180;
  const dLon = ((lonDeg - zone.centralMeridian) * Math.PI) / 180;
  const t = Math.sinh(Math.atanh(Math.sin(lat)) - e * Math.atanh(e * Math.sin(lat)));
  const xi = Math.atan2(t, Math.cos(dLon));
  const eta = Math.atanh(Math.sin(dLon) / Math.sqrt(1 + t * t));
  let east = eta;
  let north = xi;
  alpha.forEach((coefficient, index) => {
    const j = 2 * (index + 1);
    east += coefficient * Math.cos(j * xi) * Math.sinh(j * eta);
    north += coefficient * Math.sin(j * xi) * Math.cosh(j * eta);
  });
  return { x: zone.falseEasting + zone.scale * bigA * east, y: zone.scale * bigA * north };
}

/** A VN-2000 zone: TM-3 (k = 0.9999) or UTM (k = 0.9996), false easting 500 km. */
export interface Vn2000Zone {
  centralMeridian: number;
  kind: 'TM-3' | 'UTM';
}

/** WGS84 (lon, lat) in degrees to easting/northing in metres of a VN-2000 zone. */
export function wgs84ToVn2000Zone(lon: number, lat: number, zone: Vn2000Zone) {
  const onVn2000 = toGeodetic(wgs84ToVn2000(toCartesian(lon, lat)));
  return transverseMercator(onVn2000.lon, onVn2000.lat, {
    centralMeridian: zone.centralMeridian,
    scale: zone.kind === 'UTM' ? 0.9996 : 0.9999,
    falseEasting: 500_000,
  });
}
