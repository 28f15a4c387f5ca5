import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// Days that do not exist and years PostgreSQL cannot read used to answer 500 (or, for
// statistics, be read as another day). Each must be a 400 naming the field and the rule.

let fx: AppFixture;
let parcelId: number;
let stationId: number;

beforeAll(async () => {
  fx = await startAppFixture({ users: ['viewer1'], poolSize: 2 });
  // Only read: any current parcel and public station will do.
  parcelId = (
    await fx.one<{ id: number }>('SELECT min(parcel_id)::int AS id FROM cadastre.current_parcel')
  ).id;
  stationId = (
    await fx.one<{ id: number }>('SELECT min(id)::int AS id FROM monitoring.public_station')
  ).id;
});
afterAll(() => fx.close());

/** GET as anonymous or as a signed-in user; the reply's status and error. */
async function get(path: string, user?: string) {
  const reply = user
    ? await fx.call(user, 'GET', path)
    : await fetch(`${fx.base}${path}`).then(async (response) => ({
        status: response.status,
        body: response.headers.get('content-type')?.includes('json') ? await response.json() : {},
      }));
  return { status: reply.status, error: reply.body.error as { field?: string; message?: string } };
}

function expectRefused(reply: Awaited<ReturnType<typeof get>>, field: string, rule: RegExp) {
  expect(reply.status, JSON.stringify(reply.error)).toBe(400);
  expect(reply.error.field).toBe(field);
  expect(reply.error.message?.startsWith(`${field}: `)).toBe(true);
  expect(reply.error.message).toMatch(rule);
}

const realDay = /must be a real date YYYY-MM-DD from 0001-01-01 to 9999-12-31/;
const realInstant = /must be a real date \(2024-03-07\) or date-time .* years 0001-9999/;

describe('dates that do not exist', () => {
  it.each(['2020-02-31', '2019-02-29', '0000-01-01', '2020-13-01'])(
    'GET /api/parcels/{id}?at=%s answers 400 naming at',
    async (day) => {
      expectRefused(await get(`/api/parcels/${parcelId}?at=${day}`, 'viewer1'), 'at', realDay);
    },
  );

  it('still reads a real day, 29 February of a leap year included', async () => {
    const reply = await fx.call('viewer1', 'GET', `/api/parcels/${parcelId}?at=2024-02-29`);
    expect([200, 404]).toContain(reply.status);
  });

  it.each(['2020-02-31', '0000-01-01', '2021-02-29'])(
    'GET /api/statistics/land-use?date=%s answers 400 instead of reading another day',
    async (day) => {
      expectRefused(await get(`/api/statistics/land-use?date=${day}`), 'date', realDay);
    },
  );

  it.each([
    ['from', '-271821-04-20T00:00:00Z'],
    ['from', '0000-01-01'],
    ['from', '2020-02-31'],
    ['to', '2020-02-30T10:00:00Z'],
    ['from', 'March 7, 2024'],
  ])('observation downloads with %s=%s answer 400 naming it', async (field, value) => {
    const query = `${field}=${encodeURIComponent(value)}`;
    expectRefused(
      await get(`/api/stations/${stationId}/observations.csv?${query}`),
      field,
      realInstant,
    );
    expectRefused(
      await get(`/api/stations/${stationId}/observations?parameter=BOD5&${query}`),
      field,
      realInstant,
    );
  });

  it('still accepts a date and a date-time with an offset', async () => {
    const from = encodeURIComponent('2025-01-01T00:00:00+07:00');
    const csv = await fetch(
      `${fx.base}/api/stations/${stationId}/observations.csv?from=${from}&to=2025-06-30`,
    );
    expect(csv.status).toBe(200);
  });
});
