import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crsFromPrj, type ZoneCrs } from '../../data-import/crs/prj_crs';
import { unsafeEntryReason } from '../../data-import/source/zip_entries';

const zones: ZoneCrs[] = [
  { srid: 9207, centralMeridian: 104.5, kind: 'TM-3' },
  { srid: 9208, centralMeridian: 104.75, kind: 'TM-3' },
  { srid: 5897, centralMeridian: 105, kind: 'TM-3' },
  { srid: 9209, centralMeridian: 105.5, kind: 'TM-3' },
  { srid: 9210, centralMeridian: 105.75, kind: 'TM-3' },
  { srid: 3405, centralMeridian: 105, kind: 'UTM' },
];
const prj = (name: string) =>
  readFileSync(new URL(`../fixtures/import/prj/${name}`, import.meta.url), 'latin1');

describe('CRS from .prj', () => {
  it.each([
    ['esri_wkt_tm3_105_30.prj', 9209],
    ['ogc_wkt_epsg_9209.prj', 9209],
    ['legacy_name_tm3_105_30.prj', 9209],
    ['epsg_code_9209.prj', 9209],
    ['esri_wkt_utm48n.prj', 3405],
  ])('maps %s to EPSG:%i', (file, srid) => {
    expect(crsFromPrj(prj(file), zones)?.srid).toBe(srid);
  });

  it('refuses to guess a TM-3 zone on the WGS84 datum, an empty file and a foreign zone', () => {
    expect(crsFromPrj(prj('unknown_wgs84_tm.prj'), zones)).toBeUndefined();
    expect(crsFromPrj('', zones)).toBeUndefined();
    expect(crsFromPrj('EPSG:32648', zones)).toBeUndefined();
  });

  it('knows geographic WGS84 and VN-2000', () => {
    expect(
      crsFromPrj(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137,298.257223563]]]',
        zones,
      )?.srid,
    ).toBe(4326);
    expect(
      crsFromPrj(
        'GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563]]]',
        zones,
      )?.srid,
    ).toBe(4756);
  });
});

describe('zip entry names', () => {
  it('refuses .., absolute and drive paths and accepts folders', () => {
    expect(unsafeEntryReason('../evil')).toMatch(/\.\./);
    expect(unsafeEntryReason('a/../../evil')).toMatch(/\.\./);
    expect(unsafeEntryReason('/etc/passwd')).toMatch(/absolute/);
    expect(unsafeEntryReason('C:\\evil')).toMatch(/absolute/);
    expect(unsafeEntryReason('thua_dat/parcels.shp')).toBeUndefined();
  });
});
