import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
let station: { id: number; code: string };

beforeAll(async () => {
  fx = await startAppFixture();
  const { rows } = await fx.pool.query(
    `SELECT id, code FROM monitoring.station WHERE medium = 'water' AND active ORDER BY code DESC LIMIT 1`,
  );
  station = rows[0];
});
afterAll(() => fx.close());

// A year no demo observation uses, so counts below are this test's own rows.
const day = `2019-0${1 + (process.pid % 9)}-1${process.pid % 10}`;
const row = (parameter: string, hour: string, value: number) => ({
  parameter,
  observedAt: `${day}T${hour}:00:00+07:00`,
  value,
});
const storedRows = async () =>
  (
    await fx.pool.query(
      `SELECT count(*)::int AS n FROM monitoring.observation
       WHERE station_id = $1 AND observed_at >= $2::date - 1 AND observed_at < $2::date + 2`,
      [station.id, day],
    )
  ).rows[0].n;

describe('observations from a station', () => {
  it('takes a batch with the station key (stored only as a hash), refuses bad rows whole, and downloads CSV', async () => {
    const admin = await fx.signIn('admin');
    const issued = await fetch(`${fx.base}/api/stations/${station.id}/api-key`, {
      method: 'POST',
      headers: admin,
    });
    expect(issued.status).toBe(201);
    const { apiKey } = await issued.json();
    const { rows } = await fx.pool.query(
      'SELECT api_key_hash FROM monitoring.station WHERE id = $1',
      [station.id],
    );
    expect(rows[0].api_key_hash.equals(createHash('sha256').update(apiKey).digest())).toBe(true);

    const send = (body: unknown, key = apiKey) =>
      fetch(`${fx.base}/api/stations/${station.id}/observations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
        body: JSON.stringify(body),
      });
    expect((await send({ observations: [row('BOD5', '08', 3)] }, 'not-the-key')).status).toBe(401);

    const wrongMedium = await send({
      observations: [row('BOD5', '08', 3.2), row('PM10', '08', 40)],
    });
    expect(wrongMedium.status).toBe(400);
    expect((await wrongMedium.json()).error).toMatchObject({
      field: 'observations.1.parameter',
      message: expect.stringMatching(/PM10 is measured in air; this station measures water/),
    });
    const badValue = await send({
      observations: [row('BOD5', '08', 3.2), { ...row('COD', '08', 1), value: 'high' }],
    });
    expect((await badValue.json()).error.field).toBe('observations.1.value');
    const repeated = await send({ observations: [row('BOD5', '08', 3.2), row('BOD5', '08', 3.3)] });
    expect((await repeated.json()).error.message).toMatch(
      /^observations\.1: repeats observations\.0/,
    );
    expect(await storedRows()).toBe(0);

    const good = await send({
      observations: [row('BOD5', '08', 3.2), row('COD', '08', 12.5), row('DO', '08', 5.1)],
    });
    expect(good.status).toBe(201);
    expect((await good.json()).stored).toBe(3);
    const again = await send({ observations: [row('TSS', '09', 20), row('BOD5', '08', 3.2)] });
    expect(again.status).toBe(409);
    expect((await again.json()).error.field).toBe('observations.1');
    expect(await storedRows()).toBe(3);

    const csv = await fetch(
      `${fx.base}/api/stations/${station.id}/observations.csv?from=${day}T00:00:00%2B07:00&to=${day}T23:59:59%2B07:00`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = (await csv.text()).replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('station_code,parameter,unit,observed_at,averaging,qualifier,value');
    expect(lines).toContain(`${station.code},COD,mg/L,${day}T08:00:00+07:00,,,12.5`);
    expect(lines).toHaveLength(4);
  });
});
