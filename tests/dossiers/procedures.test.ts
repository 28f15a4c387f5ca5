import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;

beforeAll(async () => {
  fx = await startAppFixture({ poolSize: 2 });
});

afterAll(() => fx.close());

describe('procedures and the holiday calendar', () => {
  it('lists the procedures publicly with limits, documents and route', async () => {
    const response = await fetch(`${fx.base}/api/procedures`);
    expect(response.status).toBe(200);
    const { procedures } = await response.json();
    const byCode = Object.fromEntries(procedures.map((p: { code: string }) => [p.code, p]));
    // Decree 151/2025/NĐ-CP Appendix I: 17 days to register, 3 more for the certificate;
    // 8 for a transfer; 10 more in remote communes; any receiving point of the province.
    expect(byCode.first_registration.limitWorkingDays).toBe(20);
    expect(byCode.first_registration_no_certificate.limitWorkingDays).toBe(17);
    expect(byCode.first_registration.remoteExtraWorkingDays).toBe(10);
    expect(byCode.split_merge.limitWorkingDays).toBe(12);
    expect(byCode.transfer).toMatchObject({
      limitWorkingDays: 8,
      remoteExtraWorkingDays: 10,
      nameEn: 'Transfer of land-use rights',
      route: {
        receivingOfficeKinds: ['public_service_centre', 'branch', 'provincial_lro'],
        processingOfficeKind: 'branch',
        involvesTax: true,
        involvesCommune: false,
      },
    });
    expect(byCode.transfer.requiredDocuments).toContain('Hợp đồng chuyển nhượng đã công chứng');
    expect(byCode.transfer.requiredDocuments[0]).toMatch(/Mẫu số 18, NĐ 151\/2025\/NĐ-CP/);
    expect(byCode.first_registration.requiredDocuments[0]).toMatch(/Mẫu số 15/);
    expect(byCode.lease.limitWorkingDays).toBe(4);
  });

  it('lists holidays publicly and lets only administrators change them', async () => {
    const year = await (await fetch(`${fx.base}/api/holidays?year=2026`)).json();
    expect(year.holidays).toContainEqual({ day: '2026-09-02', name: 'Quốc khánh' });
    expect(year.holidays.every((h: { day: string }) => h.day.startsWith('2026-'))).toBe(true);

    const anonymous = await fetch(`${fx.base}/api/holidays`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ day: '2029-01-01', name: 'Tết Dương lịch' }),
    });
    expect(anonymous.status).toBe(401);
    const officer = await fx.signIn('officer.province');
    const refused = await fx.call(officer, 'POST', '/api/holidays', {
      day: '2029-01-01',
      name: 'Tết Dương lịch',
    });
    expect(refused.status).toBe(403);

    const admin = await fx.signIn('admin');
    const post = (body: unknown) => fx.call(admin, 'POST', '/api/holidays', body);
    expect((await post({ day: '2029-01-01', name: 'Tết Dương lịch' })).status).toBe(201);
    const duplicate = await post({ day: '2029-01-01', name: 'Tết Dương lịch' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe('day: 2029-01-01 is already a holiday');
    const badDay = await post({ day: '2029-02-30', name: 'Ngày không có' });
    expect(badDay.body.error).toMatchObject({ field: 'day' });
    const extra = await post({ day: '2029-01-02', name: 'Nghỉ bù', weekend: true });
    expect(extra.body.error).toMatchObject({ field: 'weekend' });
    const removed = await fx.call(admin, 'DELETE', '/api/holidays/2029-01-01');
    expect(removed.status).toBe(204);
  });
});
