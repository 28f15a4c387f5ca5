// Which SRID a .prj (ESRI or OGC WKT, a bare "EPSG:9209", or a legacy name) means. Known
// VN-2000 zones are matched by their parameters (central meridian, scale factor, false
// easting, VN-2000 datum) or names; anything else is unknown and the user must choose.

/** A VN-2000 zone diagis stores natively (rows of ref.crs). */
export interface ZoneCrs {
  srid: number;
  centralMeridian: number;
  kind: 'TM-3' | 'UTM';
}

export interface CrsMatch {
  srid: number;
  /** How it was recognised, for the report. */
  via: string;
}

const geographic = { wgs84: 4326, vn2000: 4756 } as const;

const numberParameter = (wkt: string, names: string[]): number | undefined => {
  for (const name of names) {
    const match = new RegExp(`PARAMETER\\s*\\[\\s*"${name}"\\s*,\\s*(-?[0-9.eE+-]+)`, 'i').exec(
      wkt,
    );
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
};

/** The AUTHORITY of the outermost object: the last one in the text. */
const outerEpsg = (wkt: string): number | undefined => {
  const all = [...wkt.matchAll(/AUTHORITY\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]/gi)];
  const last = all.at(-1)?.[1];
  return last === undefined ? undefined : Number(last);
};

const isVn2000 = (text: string) => /VN[\s_-]*2000|Vietnam[\s_]*2000|\b4756\b|\b6756\b/i.test(text);

/** Known EPSG codes: the zones themselves, and older EPSG numbers of the same zones. */
function fromEpsg(code: number, zones: readonly ZoneCrs[]): number | undefined {
  if (zones.some((zone) => zone.srid === code)) return code;
  if (code === geographic.wgs84 || code === geographic.vn2000) return code;
  return undefined;
}

/** Central meridian from a legacy name: "TM3_105_30", "TM-3 105-30", "KTT 105 30", "105.5". */
function meridianFromName(text: string): number | undefined {
  const zone =
    /(?:TM[\s_-]*3|KTT|kinh[\s_]*tuyen)[^0-9]{0,20}(10[2-9])(?:[\s_°-]*(00|15|30|45))?/i.exec(text);
  if (zone?.[1]) return Number(zone[1]) + Number(zone[2] ?? 0) / 60;
  return undefined;
}

/**
 * The SRID a projection file means, or undefined when it cannot be told with certainty.
 * `zones` are the VN-2000 zones diagis accepts (ref.crs).
 */
export function crsFromPrj(prj: string, zones: readonly ZoneCrs[]): CrsMatch | undefined {
  const text = prj.trim();
  if (text === '') return undefined;
  const bare = /^(?:EPSG|urn:ogc:def:crs:EPSG::?)\s*:?\s*(\d+)$/i.exec(text);
  if (bare?.[1]) {
    const srid = fromEpsg(Number(bare[1]), zones);
    return srid === undefined ? undefined : { srid, via: `EPSG code ${bare[1]}` };
  }
  const epsg = outerEpsg(text);
  if (epsg !== undefined) {
    const srid = fromEpsg(epsg, zones);
    if (srid !== undefined) return { srid, via: `AUTHORITY EPSG ${epsg}` };
  }
  const projected = /^\s*(PROJCS|PROJCRS)/i.test(text);
  if (!projected) {
    if (/^\s*GEOG(CS|CRS)/i.test(text)) {
      if (isVn2000(text)) return { srid: geographic.vn2000, via: 'VN-2000 geographic WKT' };
      if (/WGS[\s_]*(19)?84/i.test(text))
        return { srid: geographic.wgs84, via: 'WGS 84 geographic WKT' };
      return undefined;
    }
    const name = meridianFromName(text);
    const zone = zones.find(
      (z) => z.kind === 'TM-3' && name !== undefined && Math.abs(z.centralMeridian - name) < 1e-9,
    );
    if (zone) return { srid: zone.srid, via: `legacy name "${text.slice(0, 60)}"` };
    if (/UTM[^0-9]*48\s*N/i.test(text) && isVn2000(text)) {
      const utm = zones.find((z) => z.kind === 'UTM' && z.centralMeridian === 105);
      if (utm) return { srid: utm.srid, via: `legacy name "${text.slice(0, 60)}"` };
    }
    return undefined;
  }
  if (!isVn2000(text)) return undefined;
  if (!/Transverse[\s_]*Mercator/i.test(text)) return undefined;
  const meridian =
    numberParameter(text, ['central_meridian', 'Longitude of natural origin']) ??
    meridianFromName(text);
  const scale = numberParameter(text, ['scale_factor', 'Scale factor at natural origin']);
  const falseEasting = numberParameter(text, ['false_easting']) ?? 500000;
  const latitude = numberParameter(text, ['latitude_of_origin', 'Latitude of natural origin']) ?? 0;
  if (meridian === undefined || falseEasting !== 500000 || latitude !== 0) return undefined;
  const kind =
    scale === undefined
      ? undefined
      : Math.abs(scale - 0.9999) < 1e-9
        ? 'TM-3'
        : Math.abs(scale - 0.9996) < 1e-9
          ? 'UTM'
          : undefined;
  if (kind === undefined) return undefined;
  const zone = zones.find((z) => z.kind === kind && Math.abs(z.centralMeridian - meridian) < 1e-9);
  return zone
    ? { srid: zone.srid, via: `WKT parameters (${kind}, central meridian ${meridian})` }
    : undefined;
}
