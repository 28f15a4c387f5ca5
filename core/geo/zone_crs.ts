import type pg from 'pg';
import proj4 from 'proj4';

/** A VN-2000 zone diagis accepts, with its proj4 definition from spatial_ref_sys. */
export interface ZoneDefinition {
  srid: number;
  name: string;
  centralMeridian: number;
  kind: 'TM-3' | 'UTM';
  proj4: string;
}

/** Converts between one VN-2000 zone and WGS84 longitude/latitude. */
export interface ZoneTransform {
  readonly srid: number;
  toWgs84(x: number, y: number): [number, number];
  fromWgs84(lon: number, lat: number): [number, number];
}

/**
 * The zones of ref.crs with the proj4 text of their DIAGIS spatial_ref_sys rows: the
 * official EPSG:6960 datum shift, never PROJ's automatic pick (0.8 m off in the delta).
 */
export async function loadZoneDefinitions(
  db: pg.Pool | pg.ClientBase,
): Promise<Map<number, ZoneDefinition>> {
  const { rows } = await db.query<{
    srid: number;
    name: string;
    central_meridian: number;
    zone_kind: 'TM-3' | 'UTM';
    proj4text: string;
  }>(
    `SELECT c.srid, c.name, c.central_meridian::float8 AS central_meridian, c.zone_kind, s.proj4text
     FROM ref.crs c JOIN spatial_ref_sys s USING (srid) WHERE s.auth_name = 'DIAGIS'`,
  );
  return new Map(
    rows.map((r) => [
      r.srid,
      {
        srid: r.srid,
        name: r.name,
        centralMeridian: r.central_meridian,
        kind: r.zone_kind,
        proj4: r.proj4text.trim(),
      },
    ]),
  );
}

/** A converter for `zone` through proj4js with the zone's own +towgs84 parameters. */
export function zoneTransform(zone: ZoneDefinition): ZoneTransform {
  const converter = proj4(zone.proj4, 'EPSG:4326');
  return {
    srid: zone.srid,
    toWgs84: (x, y) => converter.forward([x, y]) as [number, number],
    fromWgs84: (lon, lat) => converter.inverse([lon, lat]) as [number, number],
  };
}
