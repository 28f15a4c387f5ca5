import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { betweenEqualReads } from '../support/stable_count';

let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx.close());

/**
 * Yesterday in Vietnam: the statistics of a finished day change only when another test file
 * writes versions dated back (a test clock in the past); the direct sums are read before and
 * after each request, and compared only when they agree.
 */
const yesterday = new Date(Date.now() + 7 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

/**
 * Hectares by code straight from the versions in force at `at` of the given communes,
 * summed here without the server's statistics function.
 */
async function directHectares(
  communeIds: number[] | null,
  at: string,
): Promise<Record<string, number>> {
  const { rows } = await fx.pool.query(
    `SELECT lu.code, round(sum(lu.area) / 10000, 2)::float8 AS ha
     FROM cadastre.parcel_version v JOIN cadastre.parcel_land_use lu ON lu.version_id = v.id
     WHERE v.status = 'committed' AND v.valid @> $2::timestamptz
       AND ($1::int[] IS NULL OR v.commune_id = ANY($1))
     GROUP BY lu.code`,
    [communeIds, at],
  );
  return Object.fromEntries(rows.map((row) => [row.code, row.ha]));
}

describe('land statistics', () => {
  it('gives a current commune the sum of its parcels by land-use code, legacy communes included', async () => {
    const { rows } = await fx.pool.query(
      `SELECT u.id, u.code FROM admin.unit u
       WHERE u.level = 'commune' AND upper_inf(u.valid)
         AND (SELECT count(*) FROM admin.unit_succession s WHERE s.successor_id = u.id) >= 2
       ORDER BY u.code LIMIT 1`,
    );
    const commune = rows[0];
    // The commune and every unit it was formed from, read from the succession table.
    const formed = await fx.pool.query(
      `WITH RECURSIVE ancestry (id) AS (
         SELECT $1::int UNION
         SELECT s.predecessor_id FROM admin.unit_succession s JOIN ancestry a ON s.successor_id = a.id)
       SELECT id FROM ancestry`,
      [commune.id],
    );
    expect(formed.rows.length).toBeGreaterThanOrEqual(3);

    const url = `${fx.base}/api/statistics/land-use?commune=${commune.code}&date=${yesterday}`;
    const at = (await (await fetch(url)).json()).at as string;
    const ids = formed.rows.map((row) => row.id);
    const { read: expected, observed: body } = await betweenEqualReads(
      () => directHectares(ids, at),
      async () => (await fetch(url)).json(),
    );
    expect(body.at).toBe(at);
    expect(body.commune.code).toBe(commune.code);
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    const served = Object.fromEntries(
      body.rows.map((row: { code: string; areaHa: number }) => [row.code, row.areaHa]),
    );
    expect(served).toEqual(expected);
    expect(Object.keys(body.rows[0]).sort()).toEqual([
      'areaHa',
      'category',
      'code',
      'name',
      'nameEn',
      'parcels',
    ]);
  });

  it('covers the whole province without a commune, and nothing before the first survey', async () => {
    const url = `${fx.base}/api/statistics/land-use?date=${yesterday}`;
    const at = (await (await fetch(url)).json()).at as string;
    const { read: expected, observed: body } = await betweenEqualReads(
      () => directHectares(null, at),
      async () => (await fetch(url)).json(),
    );
    expect(body.at).toBe(at);
    const served = Object.fromEntries(
      body.rows.map((row: { code: string; areaHa: number }) => [row.code, row.areaHa]),
    );
    expect(served).toEqual(expected);
    expect(body.totalHa).toBeGreaterThan(100);

    const before = await (await fetch(`${fx.base}/api/statistics/land-use?date=2005-01-01`)).json();
    expect(before.rows).toEqual([]);
    expect(before.totalHa).toBe(0);
  });

  it('downloads CSV with a byte-order mark and a header row', async () => {
    const response = await fetch(`${fx.base}/api/statistics/land-use?format=csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFFcode,name,name_en,category,parcels,area_ha\r\n')).toBe(true);
    expect(text).toContain('LUC,Đất chuyên trồng lúa,Specialised rice land,agricultural,');
  });

  it('names the bad parameter with 400 and answers 404 for an unknown commune', async () => {
    const bad = await fetch(`${fx.base}/api/statistics/land-use?commune=12`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('commune');
    const badDate = await fetch(`${fx.base}/api/statistics/land-use?date=2025-13-45`);
    expect(badDate.status).toBe(400);
    expect((await fetch(`${fx.base}/api/statistics/land-use?commune=00000`)).status).toBe(404);
  });
});
