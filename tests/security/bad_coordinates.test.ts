import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { type SampleParcel, sampleParcel, sampleSheet } from '../support/parcel_samples';

// Positions PROJ cannot transform used to reach ST_Transform and answer 500. Every edit
// here is a dry run that must be refused before the database, so no row changes.

let fx: AppFixture;
let parcel: SampleParcel;
/** WGS84 longitude, latitude of a spot inside the province, for otherwise sane squares. */
let spot: { lon: number; lat: number };

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1', 'admin'], poolSize: 4 });
  // A sheet slot no other test file uses; the parcel is only read.
  const sheet = await sampleSheet(fx.pool, 9);
  const { rows } = await fx.pool.query(
    `SELECT parcel_id::int AS id, ST_X(c) AS lon, ST_Y(c) AS lat
     FROM cadastre.current_parcel, LATERAL ST_Transform(ST_PointOnSurface(geom), 4326) AS c
     WHERE commune_id = $1 AND sheet_no = $2 ORDER BY parcel_no LIMIT 1`,
    [sheet.communeId, sheet.sheetNo],
  );
  parcel = await sampleParcel(fx.pool, rows[0].id);
  spot = { lon: rows[0].lon, lat: rows[0].lat };
});
afterAll(() => fx.close());

/** A closed square ring around (x, y) whose third corner is replaced by `stray`. */
function ringWith(x: number, y: number, half: number, stray?: number[]): number[][] {
  const ring = [
    [x - half, y - half],
    [x + half, y - half],
    [x + half, y + half],
    [x - half, y + half],
    [x - half, y - half],
  ];
  if (stray) ring[2] = stray;
  return ring;
}

const ifMatch = () => ({ 'If-Match': `"v${parcel.versionNo}"` });

/** Expects a 400 whose field is `field` and whose message names the field and the rule. */
function expectRefused(
  reply: { status: number; body: { error: { field: string; message: string } } },
  field: string,
  position: string,
  box: RegExp,
) {
  expect(reply.status, JSON.stringify(reply.body)).toBe(400);
  expect(reply.body.error.field).toBe(field);
  expect(reply.body.error.message.startsWith(`${field}: position ${position} is outside `)).toBe(
    true,
  );
  expect(reply.body.error.message).toMatch(box);
}

const wgs84Box = /longitude 100 to 120, latitude 0 to 25/;
const planeBox = /easting 0 to 1000000, northing 0 to 10000000/;

describe('parcel edits with positions outside the coordinate system', () => {
  it.each([
    ['longitude 999', [999, 9.6], '999,9.6'],
    ['latitude 91', [105.9, 91], '105.9,91'],
    ['longitude 1e308', [1e308, 9.6], '1e+308,9.6'],
    ['longitude -1e308', [-1e308, 9.6], '-1e+308,9.6'],
    ['a point on the far side of the globe', [-75, 9.6], '-75,9.6'],
  ])('PATCH geometry with %s answers 400 naming the vertex', async (_, stray, shown) => {
    const reply = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parcel.parcelId}?dryRun=true`,
      {
        reason: 'kiểm tra tọa độ sai',
        geometry: { type: 'Polygon', coordinates: [ringWith(spot.lon, spot.lat, 0.0001, stray)] },
      },
      ifMatch(),
    );
    expectRefused(reply, 'geometry.coordinates.0.2', shown, wgs84Box);
  });

  it('PATCH in a VN-2000 plane with an easting of 1e20 answers 400', async () => {
    const [x, y] = parcel.ring[0] as [number, number];
    const reply = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parcel.parcelId}?dryRun=true`,
      {
        reason: 'kiểm tra tọa độ sai',
        crs: parcel.srid,
        geometry: { type: 'Polygon', coordinates: [ringWith(x, y, 5, [1e20, y])] },
      },
      ifMatch(),
    );
    expectRefused(reply, 'geometry.coordinates.0.2', `${1e20},${y}`, planeBox);
  });

  it('a split line or split parts outside the coordinate system answer 400', async () => {
    const line = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parcel.parcelId}/split?dryRun=true`,
      {
        reason: 'kiểm tra tọa độ sai',
        line: {
          type: 'LineString',
          coordinates: [
            [spot.lon, spot.lat - 0.001],
            [spot.lon, 91],
          ],
        },
      },
      ifMatch(),
    );
    expectRefused(line, 'line.coordinates.1', `${spot.lon},91`, wgs84Box);

    const [x, y] = parcel.ring[0] as [number, number];
    const parts = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parcel.parcelId}/split?dryRun=true`,
      {
        reason: 'kiểm tra tọa độ sai',
        crs: parcel.srid,
        parts: [
          { type: 'Polygon', coordinates: [ringWith(x, y, 5)] },
          {
            type: 'MultiPolygon',
            coordinates: [[ringWith(x + 20, y, 5)], [ringWith(x + 40, y, 5, [x, 1e20])]],
          },
        ],
      },
      ifMatch(),
    );
    expectRefused(parts, 'parts.1.coordinates.1.0.2', `${x},${1e20}`, planeBox);
  });

  it('drawing a new parcel with a position off the globe answers 400', async () => {
    const reply = await fx.call('surveyor1', 'POST', '/api/parcels?dryRun=true', {
      reason: 'kiểm tra tọa độ sai',
      communeId: parcel.communeId,
      sheetNo: parcel.sheetNo,
      parcelNo: 99_999,
      landUses: [{ code: 'ONT', area: 100 }],
      geometry: {
        type: 'Polygon',
        coordinates: [ringWith(spot.lon, spot.lat, 0.0001, [spot.lon, -1e308])],
      },
    });
    expectRefused(reply, 'geometry.coordinates.0.2', `${spot.lon},-1e+308`, wgs84Box);
  });
});

describe('plan zones with positions outside the coordinate system', () => {
  const square = (stray?: number[]) => ({
    type: 'Polygon',
    coordinates: [ringWith(spot.lon, spot.lat, 0.0003, stray)],
  });

  it('refuses imports and zone edits with 400 naming the feature, the position and the rule', async () => {
    const created = await fx.call('admin', 'POST', '/api/plans', {
      name: `Kế hoạch tọa độ sai ${Date.now()}`,
      kind: 'annual_plan',
      periodStart: 2026,
      periodEnd: 2026,
    });
    expect(created.status).toBe(201);
    const planId = created.body.id;
    const zones = (geometry: unknown, crs?: number) => ({
      type: 'FeatureCollection',
      ...(crs ? { crs } : {}),
      features: [
        { type: 'Feature', geometry: square(), properties: { planned_use_code: 'ODT' } },
        { type: 'Feature', geometry, properties: { planned_use_code: 'ODT' } },
      ],
    });
    for (const [stray, shown] of [
      [[999, spot.lat], `999,${spot.lat}`],
      [[spot.lon, 91], `${spot.lon},91`],
      [[1e308, spot.lat], `1e+308,${spot.lat}`],
      [[-170, spot.lat], `-170,${spot.lat}`],
    ] as const) {
      const reply = await fx.call(
        'admin',
        'POST',
        `/api/plans/${planId}/zones`,
        zones(square([...stray])),
      );
      expectRefused(reply, 'features.1.geometry', shown, wgs84Box);
    }
    const [x, y] = parcel.ring[0] as [number, number];
    const plane = await fx.call(
      'admin',
      'POST',
      `/api/plans/${planId}/zones`,
      zones({ type: 'Polygon', coordinates: [ringWith(x, y, 20, [1e20, 1e20])] }, parcel.srid),
    );
    expectRefused(plane, 'features.1.geometry', `${1e20},${1e20}`, planeBox);

    const stored = await fx.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM planning.plan_zone WHERE plan_id = $1',
      [planId],
    );
    expect(stored.n).toBe(0);

    const good = await fx.call('admin', 'POST', `/api/plans/${planId}/zones`, {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: square(), properties: { planned_use_code: 'ODT' } }],
    });
    expect(good.status).toBe(201);
    const zoneId = good.body.zoneIds[0];
    const edit = await fx.call('admin', 'PATCH', `/api/plans/${planId}/zones/${zoneId}`, {
      geometry: square([spot.lon, -91]),
    });
    expectRefused(edit, 'zone.geometry', `${spot.lon},-91`, wgs84Box);
  });
});
