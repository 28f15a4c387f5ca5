import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// Stations NM-04 and NM-05 in May 2011 belong to this file alone.
let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture();
});
afterAll(() => fx.close());

const stored = async () =>
  (
    await fx.pool.query(
      `SELECT count(*)::int AS n FROM monitoring.observation o
       JOIN monitoring.station s ON s.id = o.station_id
       WHERE s.code IN ('NM-04', 'NM-05')
         AND o.observed_at >= '2011-05-01T00:00:00+07' AND o.observed_at < '2011-06-01T00:00:00+07'`,
    )
  ).rows[0].n as number;
const url = (query = '') => `${fx.base}/api/stations/observations/import${query}`;

const good = [
  'MaTram;ThoiGian;pH;DO;COD',
  'NM-04;02/05/2011 08:00;7,1;5,2;14',
  'NM-05;02/05/2011 08:00;6,8;4,4;22,5',
].join('\r\n');

describe('POST /api/stations/observations/import', () => {
  it('takes staff with monitoring:write only', async () => {
    const anonymous = await fetch(url(), {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv' },
      body: good,
    });
    expect(anonymous.status).toBe(401);
    const viewer = await fetch(url(), {
      method: 'POST',
      headers: { ...(await fx.signIn('surveyor1')), 'Content-Type': 'text/csv' },
      body: good,
    });
    expect(viewer.status).toBe(403);
    expect(await stored()).toBe(0);
  });

  it('dry-runs a text/csv body, then imports a multipart upload once', async () => {
    const admin = await fx.signIn('admin');
    const dry = await fetch(url('?dryRun=true'), {
      method: 'POST',
      headers: { ...admin, 'Content-Type': 'text/csv; charset=utf-8' },
      body: good,
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({
      status: 'imported',
      dryRun: true,
      layout: 'wide',
      imported: 6,
    });
    expect(await stored()).toBe(0);

    const upload = () => {
      const form = new FormData();
      form.append('file', new Blob([good], { type: 'text/csv' }), 'quan-trac-thang-5.csv');
      return fetch(url(), { method: 'POST', headers: admin, body: form });
    };
    const first = await upload();
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      fileName: 'quan-trac-thang-5.csv',
      imported: 6,
      skipped: 0,
    });
    expect(await stored()).toBe(6);
    const again = await (await upload()).json();
    expect(again).toMatchObject({ imported: 0, skipped: 6 });
    expect(await stored()).toBe(6);
  });

  it('answers 422 naming the first bad row and column, with the report, or the report as CSV', async () => {
    const admin = await fx.signIn('admin');
    const bad = [
      'Trạm,Thời gian,Chỉ tiêu,Giá trị',
      'NM-04,2011-05-09T08:00:00+07:00,COD,12',
      'NM-04,2011-05-09T08:00:00+07:00,BOD5,nhiều',
    ].join('\n');
    const send = (query: string) =>
      fetch(url(query), {
        method: 'POST',
        headers: { ...admin, 'Content-Type': 'text/csv' },
        body: bad,
      });
    const refused = await send('');
    expect(refused.status).toBe(422);
    const { error } = await refused.json();
    expect(error.message).toMatch(
      /^row 3, column "Giá trị": "nhiều" is not a number .*\(value_not_number\); 1 problem\(s\) in 1 row\(s\), nothing imported/,
    );
    expect(error.field).toBe('Giá trị');
    expect(error.report).toMatchObject({ status: 'rejected', imported: 0, rejectedRows: 1 });
    const csv = await send('?format=csv');
    expect(csv.status).toBe(422);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(
      /^3,Giá trị,value_not_number,/,
    );
    expect(await stored()).toBe(6);
    const kept = await (await send('?keepGood=true')).json();
    expect(kept).toMatchObject({ status: 'imported', imported: 1, rejectedRows: 1 });
    expect(await stored()).toBe(7);
    expect((await send('?keepGood=yes')).status).toBe(400);
  });
});
