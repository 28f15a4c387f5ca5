import pg from 'pg';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Vn2000Zone, wgs84ToVn2000Zone } from '../support/vn2000_reference';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(inject('databaseUrl'));
  await client.connect();
});
afterAll(() => client.end());

// DOMAIN.md check point: the official VN-2000 conversion of WGS84 105.97 E, 9.60 N.
const official = { x: 551391.972, y: 1061653.388 };

describe('VN-2000 coordinate systems', () => {
  it('transforms WGS84 (105.97, 9.60) into TM-3 105-30 within 1 cm of the official result', async () => {
    const { rows } = await client.query(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y
       FROM ST_Transform(ST_SetSRID(ST_MakePoint(105.97, 9.60), 4326), 9209) AS p`,
    );
    expect(Math.abs(rows[0].x - official.x)).toBeLessThan(0.01);
    expect(Math.abs(rows[0].y - official.y)).toBeLessThan(0.01);
  });

  it('transforms the official point back to WGS84 within 1 cm (about 1e-7 degrees)', async () => {
    const { rows } = await client.query(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
       FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 9209), 4326) AS p`,
      [official.x, official.y],
    );
    expect(Math.abs(rows[0].lon - 105.97)).toBeLessThan(1e-7);
    expect(Math.abs(rows[0].lat - 9.6)).toBeLessThan(1e-7);
  });

  it('gives proj4 in Node the same answer from the stored definition', async () => {
    const { rows } = await client.query('SELECT proj4text FROM spatial_ref_sys WHERE srid = 9209');
    const [x, y] = proj4('EPSG:4326', rows[0].proj4text, [105.97, 9.6]) as [number, number];
    expect(Math.abs(x - official.x)).toBeLessThan(0.01);
    expect(Math.abs(y - official.y)).toBeLessThan(0.01);
  });

  it('computes the official check point with the independent calculator the zone checks use', () => {
    const { x, y } = wgs84ToVn2000Zone(105.97, 9.6, { centralMeridian: 105.5, kind: 'TM-3' });
    expect(Math.abs(x - official.x)).toBeLessThan(0.001);
    expect(Math.abs(y - official.y)).toBeLessThan(0.001);
  });

  it('converts with every zone of ref.crs, through PostGIS (srtext) and proj4 (proj4text), within 1 cm of the official parameters', async () => {
    const { rows } = await client.query<{
      srid: number;
      central_meridian: string;
      zone_kind: Vn2000Zone['kind'];
      proj4text: string;
    }>(
      `SELECT c.srid, c.central_meridian, c.zone_kind, s.proj4text
       FROM ref.crs c JOIN spatial_ref_sys s USING (srid) ORDER BY c.srid`,
    );
    expect(rows.map((row) => row.srid)).toEqual([3405, 5897, 9207, 9208, 9209, 9210, 9211, 9212]);
    const failures: string[] = [];
    for (const row of rows) {
      const zone = { centralMeridian: Number(row.central_meridian), kind: row.zone_kind };
      // Two points of the delta on either side of the zone's central meridian.
      for (const [lon, lat] of [
        [zone.centralMeridian + 0.47, 9.6],
        [zone.centralMeridian - 0.31, 10.12],
      ] as [number, number][]) {
        const expected = wgs84ToVn2000Zone(lon, lat, zone);
        const forward = await client.query<{ x: number; y: number }>(
          `SELECT ST_X(p) AS x, ST_Y(p) AS y
           FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), $3::int) AS p`,
          [lon, lat, row.srid],
        );
        const postgis = forward.rows[0] as { x: number; y: number };
        const [px, py] = proj4('EPSG:4326', row.proj4text, [lon, lat]) as [number, number];
        const back = await client.query<{ lon: number; lat: number }>(
          `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
           FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), $3::int), 4326) AS p`,
          [expected.x, expected.y, row.srid],
        );
        const inverse = back.rows[0] as { lon: number; lat: number };
        const place = `SRID ${row.srid} at ${lon.toFixed(2)},${lat}`;
        const off = (x: number, y: number) => Math.hypot(x - expected.x, y - expected.y);
        if (off(postgis.x, postgis.y) > 0.01) {
          failures.push(`${place}: PostGIS ${off(postgis.x, postgis.y).toFixed(3)} m off`);
        }
        if (off(px, py) > 0.01) failures.push(`${place}: proj4 ${off(px, py).toFixed(3)} m off`);
        if (Math.abs(inverse.lon - lon) > 1e-7 || Math.abs(inverse.lat - lat) > 1e-7) {
          failures.push(`${place}: PostGIS inverse gives ${inverse.lon},${inverse.lat}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('defines the Mekong delta TM-3 zones and UTM 48N with the official datum, not an EPSG lookup', async () => {
    const { rows } = await client.query(
      `SELECT c.srid, c.central_meridian, s.auth_name, s.proj4text, s.srtext
       FROM ref.crs c JOIN spatial_ref_sys s USING (srid) ORDER BY c.srid`,
    );
    const bySrid = new Map(rows.map((row) => [row.srid, row]));
    for (const [srid, meridian] of [
      [9207, '104.5'],
      [5897, '105'],
      [9209, '105.5'],
      [9210, '105.75'],
      [9211, '106'],
      [3405, '105'],
    ] as const) {
      const row = bySrid.get(srid);
      expect(row, `SRID ${srid}`).toBeDefined();
      expect(row.central_meridian).toBe(meridian);
      // PostGIS would hand "EPSG:<srid>" to PROJ and get its automatic (0.8 m off) operation.
      expect(row.auth_name).toBe('DIAGIS');
      expect(row.proj4text).toContain(
        '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278',
      );
      expect(row.srtext).toContain(`AUTHORITY["EPSG","${srid}"]`);
    }
  });
});
