import { describe, expect, it } from 'vitest';
import { type CollectionDef, viewFor } from '../../server/ogc/collection_def';
import { collections } from '../../server/ogc/collections';
import { findCrs, supportedCrs } from '../../server/ogc/crs';
import { parseDatetime } from '../../server/ogc/datetime_param';
import { itemsSql } from '../../server/ogc/items_query';
import { withQuery } from '../../server/ogc/links';
import { parseItemsQuery } from '../../server/ogc/query_params';

const crsList = supportedCrs([{ srid: 9209, epsg: 9209, name: 'VN-2000 / TM-3 105-30' }]);
const parcels = viewFor(collections.find((c) => c.id === 'parcels') as CollectionDef, undefined);

describe('datetime parameter', () => {
  it('maps instants to the calendar day in Vietnam (UTC+7)', () => {
    expect(parseDatetime('2025-06-30T16:59:59Z')).toEqual({ from: '2025-06-30', to: '2025-06-30' });
    expect(parseDatetime('2025-06-30T17:00:00Z')).toEqual({ from: '2025-07-01', to: '2025-07-01' });
    expect(parseDatetime('2025-07-01T00:30:00+07:00')).toEqual({
      from: '2025-07-01',
      to: '2025-07-01',
    });
  });

  it('reads open and closed intervals', () => {
    expect(parseDatetime('../2020-01-01')).toEqual({ from: null, to: '2020-01-01' });
    expect(parseDatetime('2020-01-01/')).toEqual({ from: '2020-01-01', to: null });
    expect(parseDatetime('2019-01-01/2020-01-01')).toEqual({
      from: '2019-01-01',
      to: '2020-01-01',
    });
  });

  it.each(['2020-02-30', 'tomorrow', '2020-01-01/2019-01-01', 'a/b/c', '2020-01-01T25:00:00Z'])(
    'refuses %s naming datetime',
    (raw) => {
      expect(() => parseDatetime(raw)).toThrow(/^datetime: /);
    },
  );
});

describe('CRS list', () => {
  it('knows CRS84 by both URIs, EPSG:4326 as latitude first, VN-2000 in metres', () => {
    expect(findCrs(crsList, 'http://www.opengis.net/def/crs/OGC/0/CRS84', 'crs').srid).toBe(4326);
    expect(
      findCrs(crsList, 'http://www.opengis.net/def/crs/EPSG/0/4326', 'crs').latitudeFirst,
    ).toBe(true);
    expect(findCrs(crsList, 'http://www.opengis.net/def/crs/EPSG/0/9209', 'crs')).toMatchObject({
      srid: 9209,
      decimals: 3,
      latitudeFirst: false,
    });
    expect(() => findCrs(crsList, 'EPSG:9209', 'bbox-crs')).toThrow(/^bbox-crs: unsupported CRS/);
  });
});

describe('items SQL', () => {
  it('binds every request value and splices none of them into the text', () => {
    const hostile = "31501'; DROP TABLE cadastre.parcel_version;--";
    const query = parseItemsQuery(
      {
        commune_code: hostile,
        bbox: '105.9,9.5,106,9.6',
        limit: '50',
        offset: '7',
        after: '424242',
      },
      parcels,
      crsList,
    );
    const sql = itemsSql(parcels, query);
    expect(sql.text).not.toContain('DROP');
    expect(sql.text).not.toContain('105.9');
    expect(sql.text).not.toContain('424242');
    expect(sql.values).toEqual(expect.arrayContaining([hostile, 105.9, 9.5, 50, 7, 424242]));
  });
});

describe('paging links', () => {
  it('keep every parameter and replace offset and limit in place', () => {
    const search = new URLSearchParams('commune_code=31501&offset=20&limit=10&bbox=1,2,3,4');
    expect(withQuery('https://x/ogc/items', search, { offset: '30', limit: '10' })).toBe(
      'https://x/ogc/items?commune_code=31501&offset=30&limit=10&bbox=1%2C2%2C3%2C4',
    );
  });

  it('drop a parameter whose change is undefined (next links trade offset for after)', () => {
    const search = new URLSearchParams('offset=20&limit=10&sheet_no=3');
    expect(
      withQuery('https://x/ogc/items', search, { offset: undefined, after: '77', limit: '10' }),
    ).toBe('https://x/ogc/items?limit=10&sheet_no=3&after=77');
  });
});
