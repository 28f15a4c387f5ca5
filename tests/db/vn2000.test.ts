import pg from 'pg';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

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
