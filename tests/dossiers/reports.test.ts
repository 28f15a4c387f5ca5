import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
// June 2028 has no public holiday; 5 June is a Monday.
let now = new Date('2028-06-05T02:00:00Z');

async function post(user: string, path: string, body: unknown) {
  const reply = await fx.call(user, 'POST', path, body);
  expect(reply.status).toBeLessThan(300);
  return reply.body;
}

const get = (user: string, path: string) =>
  fetch(`${fx.base}${path}`, { headers: fx.sessions[user] });

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SESSION_HOURS: '720' },
    clock: () => now,
    users: ['officer.branch1', 'officer.branch2', 'officer.province'],
  });
});

afterAll(() => fx.close());

// A procedure of this test's own (5 working days, no register effect), so no other test's
// dossiers fall into its counts and approving needs no register data.
const procedure = { code: 'test_report_count', name: 'Thủ tục thử nghiệm báo cáo' };

describe('dossier report', () => {
  it('counts received, completed, on time and overdue for a small controlled period', async () => {
    await fx.pool.query(
      `INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, processing_office_kind)
       VALUES ($1, $2, 'Report test procedure', 5, 'thử nghiệm', 'branch') ON CONFLICT (code) DO NOTHING`,
      [procedure.code, procedure.name],
    );
    const { rows } = await fx.pool.query(
      `SELECT min(j.unit_id) AS commune_id FROM org.office_jurisdiction j
       JOIN org.office o ON o.id = j.office_id WHERE o.code = 'CN-MYXUYEN'`,
    );
    const receive = () =>
      post('officer.branch2', '/api/dossiers', {
        procedure: procedure.code,
        communeId: rows[0].commune_id,
        applicant: { fullName: 'Đặng Thị Mai', idNumber: '094190000555', address: 'xã Đại Tâm' },
      });
    const step = (id: number, action: string, body: Record<string, unknown> = {}) =>
      post('officer.branch2', `/api/dossiers/${id}/actions/${action}`, body);

    // Four dossiers received Monday 5 June 2028, due Monday 12 June at 17:00.
    now = new Date('2028-06-05T02:00:00Z');
    const [onTime, late, open, withdrawn] = [
      await receive(),
      await receive(),
      await receive(),
      await receive(),
    ];
    expect(open.dueAt).toBe('2028-06-12T10:00:00.000Z');
    await step(onTime.id, 'start');
    now = new Date('2028-06-07T02:00:00Z');
    await step(onTime.id, 'approve');
    await step(onTime.id, 'return_result');
    await step(withdrawn.id, 'withdraw', { note: 'Người nộp rút hồ sơ' });
    await step(late.id, 'start');
    now = new Date('2028-06-19T02:00:00Z');
    await step(late.id, 'approve');
    now = new Date('2028-06-20T02:00:00Z');
    await step(late.id, 'return_result');

    now = new Date('2028-06-25T02:00:00Z');
    const json = await get(
      'officer.branch2',
      '/api/reports/dossiers?from=2028-06-01&to=2028-06-30',
    );
    expect(json.status).toBe(200);
    const report = await json.json();
    expect(report.rows).toEqual([
      {
        officeCode: 'CN-MYXUYEN',
        officeName: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Mỹ Xuyên',
        procedureCode: procedure.code,
        procedureName: procedure.name,
        received: 4,
        completed: 2,
        completedOnTime: 1,
        overdue: 2,
      },
    ]);

    const csv = await get(
      'officer.branch2',
      '/api/reports/dossiers?from=2028-06-01&to=2028-06-30&format=csv',
    );
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="dossiers-2028-06-01-2028-06-30.csv"',
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')).toEqual([
      'office_code,office_name,procedure_code,procedure_name,received,completed,completed_on_time,overdue',
      `CN-MYXUYEN,Chi nhánh Văn phòng Đăng ký đất đai khu vực Mỹ Xuyên,${procedure.code},${procedure.name},4,2,1,2`,
      '',
    ]);

    // Branch 1 sees only its own office; the provincial office sees branch 2's line too.
    const branch1 = await (
      await get('officer.branch1', '/api/reports/dossiers?from=2028-06-01&to=2028-06-30')
    ).json();
    expect(branch1.rows).toEqual([]);
    const province = await (
      await get('officer.province', '/api/reports/dossiers?from=2028-06-01&to=2028-06-30')
    ).json();
    expect(province.rows).toContainEqual(
      expect.objectContaining({ officeCode: 'CN-MYXUYEN', received: 4 }),
    );

    // The first week alone: received 4, one completed on time, nothing due yet.
    const week = await (
      await get('officer.branch2', '/api/reports/dossiers?from=2028-06-05&to=2028-06-09')
    ).json();
    expect(week.rows[0]).toMatchObject({
      received: 4,
      completed: 1,
      completedOnTime: 1,
      overdue: 0,
    });
  });

  it('names a bad period in a 400', async () => {
    const reversed = await get(
      'officer.branch2',
      '/api/reports/dossiers?from=2028-06-30&to=2028-06-01',
    );
    expect(reversed.status).toBe(400);
    expect((await reversed.json()).error.message).toBe('to: must not be before from (2028-06-30)');
    const bad = await get('officer.branch2', '/api/reports/dossiers?from=2028-13-01&to=2028-06-01');
    expect((await bad.json()).error).toMatchObject({ field: 'from' });
    expect(
      (await fetch(`${fx.base}/api/reports/dossiers?from=2028-06-01&to=2028-06-30`)).status,
    ).toBe(401);
  });
});
