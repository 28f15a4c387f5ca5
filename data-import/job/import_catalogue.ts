import type pg from 'pg';
import type { ZoneCrs } from '../crs/prj_crs';
import type { LandUseCatalogue } from '../fields/land_use_mapping';

/** What the parse worker needs from the database: zones with their proj4 text, land-use codes. */
export interface ImportCatalogue {
  zones: ZoneCrs[];
  proj4: Record<number, string>;
  landUse: LandUseCatalogue;
}

/** Reads the accepted zones (ref.crs, with the official datum in proj4text) and the land-use catalogue. */
export async function loadImportCatalogue(db: pg.ClientBase | pg.Pool): Promise<ImportCatalogue> {
  const zones = await db.query<{
    srid: number;
    central_meridian: string;
    zone_kind: 'TM-3' | 'UTM';
    proj4text: string;
  }>(
    `SELECT c.srid, c.central_meridian, c.zone_kind, s.proj4text
     FROM ref.crs c JOIN spatial_ref_sys s USING (srid) ORDER BY c.srid`,
  );
  const codes = await db.query<{ code: string }>(
    'SELECT code FROM ref.land_use_code ORDER BY code',
  );
  const legacy = await db.query<{ legacy_code: string; current_code: string }>(
    'SELECT DISTINCT ON (legacy_code) legacy_code, current_code FROM ref.land_use_legacy_code ORDER BY legacy_code, circular DESC',
  );
  const proj4: Record<number, string> = {};
  for (const zone of zones.rows) proj4[zone.srid] = zone.proj4text;
  // VN-2000 geographic with the same official datum shift as the zones.
  const towgs84 = /\+towgs84=[^ ]+/.exec(zones.rows[0]?.proj4text ?? '')?.[0] ?? '';
  proj4[4756] = `+proj=longlat +ellps=WGS84 ${towgs84} +no_defs`;
  return {
    zones: zones.rows.map((row) => ({
      srid: row.srid,
      centralMeridian: Number(row.central_meridian),
      kind: row.zone_kind,
    })),
    proj4,
    landUse: {
      current: codes.rows.map((row) => row.code),
      legacy: legacy.rows.map((row) => [row.legacy_code, row.current_code] as const),
    },
  };
}
