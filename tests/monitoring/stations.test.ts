import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx.close());

const year2025 = 'from=2025-01-01T00:00:00%2B07:00&to=2026-01-01T00:00:00%2B07:00';

describe('monitoring stations', () => {
  it('lists the 20 stations with positions and their latest values, without keys', async () => {
    const response = await fetch(`${fx.base}/api/stations`);
    const { stations } = await response.json();
    expect(stations).toHaveLength(20);
    for (const station of stations) {
      expect(station.position[0]).toBeGreaterThan(105.5);
      expect(station.position[1]).toBeGreaterThan(9);
      expect(station.latest.length).toBeGreaterThan(3);
    }
    expect(JSON.stringify(stations)).not.toContain('api_key');
  });

  it('gives a water series with its class limit and counts the exceedances of that limit', async () => {
    const { rows } = await fx.pool.query(
      `SELECT s.id, l.upper_bound::float8 AS upper,
              (SELECT count(*)::int FROM monitoring.observation o
                WHERE o.station_id = s.id AND o.parameter_code = 'BOD5' AND o.value > l.upper_bound
                  AND o.observed_at >= '2025-01-01T00:00:00+07' AND o.observed_at < '2026-01-01T00:00:00+07') AS over,
              (SELECT count(*)::int FROM monitoring.observation o
                WHERE o.station_id = s.id AND o.parameter_code = 'BOD5'
                  AND o.observed_at >= '2025-01-01T00:00:00+07' AND o.observed_at < '2026-01-01T00:00:00+07') AS total
       FROM monitoring.station s
       JOIN monitoring.standard_limit l ON l.standard_code = s.standard_code AND l.parameter_code = 'BOD5'
                                       AND l.class = s.target_class
       WHERE s.medium = 'water' ORDER BY s.id LIMIT 1`,
    );
    const station = rows[0];
    const series = await (
      await fetch(`${fx.base}/api/stations/${station.id}/observations?parameter=BOD5&${year2025}`)
    ).json();
    expect(series.downsampled).toBe(false);
    expect(series.points).toHaveLength(station.total);
    expect(series.parameter).toMatchObject({ code: 'BOD5', unit: 'mg/L' });
    expect(series.limits.map((limit: { upper: number }) => limit.upper)).toContain(station.upper);
    expect(series.exceedances).toBe(station.over);
  });

  it('downsamples a long daily air series into equal buckets that keep every observation', async () => {
    const { rows } = await fx.pool.query(
      `SELECT s.id, count(o.*)::int AS total FROM monitoring.station s
       JOIN monitoring.observation o ON o.station_id = s.id AND o.parameter_code = 'PM2.5'
       WHERE s.medium = 'air' GROUP BY s.id ORDER BY s.id LIMIT 1`,
    );
    const series = await (
      await fetch(
        `${fx.base}/api/stations/${rows[0].id}/observations?parameter=PM2.5&${year2025}&points=50`,
      )
    ).json();
    expect(series.downsampled).toBe(true);
    expect(series.points.length).toBeLessThanOrEqual(51);
    const counted = series.points.reduce(
      (sum: number, point: { count: number }) => sum + point.count,
      0,
    );
    expect(counted).toBeGreaterThan(300);
    for (const point of series.points) expect(point.min).toBeLessThanOrEqual(point.max);
    expect(series.limits.some((limit: { averaging: string }) => limit.averaging === '24h')).toBe(
      true,
    );
  });

  it('names bad parameters with 400 and answers 404 for an unknown station', async () => {
    const missing = await fetch(`${fx.base}/api/stations/1/observations`);
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.field).toBe('parameter');
    expect(
      (await fetch(`${fx.base}/api/stations/1/observations?parameter=pH&points=1`)).status,
    ).toBe(400);
    expect(
      (
        await fetch(
          `${fx.base}/api/stations/1/observations?parameter=pH&from=2025-05-01&to=2025-01-01`,
        )
      ).status,
    ).toBe(400);
    expect((await fetch(`${fx.base}/api/stations/abc/observations?parameter=pH`)).status).toBe(400);
    expect((await fetch(`${fx.base}/api/stations/999999/observations?parameter=pH`)).status).toBe(
      404,
    );
  });
});
