import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
let now = new Date('2027-05-10T02:00:00Z');
let staff: Record<string, string>;
let dossier: { receiptCode: string; applicant: string; idNumber: string; parcelId: number };
// The limit test's own client address: lookup counters are shared by every app on the database.
const hex = () => Math.floor(Math.random() * 0x10000).toString(16);
const citizen = { 'X-Forwarded-For': `2001:db8:7a::${hex()}:${hex()}:${hex()}` };

beforeAll(async () => {
  fx = await startAppFixture({
    env: {
      DIAGIS_SESSION_HOURS: '720',
      DIAGIS_TRUST_PROXY: 'true',
      DIAGIS_PUBLIC_TRACKING_PER_MINUTE: '30',
    },
    clock: () => now,
  });
  staff = await fx.signIn('officer.branch2');
  // A parcel of a commune served by branch 2 (CN-MYXUYEN), with its current commune.
  const { rows } = await fx.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     WHERE o.code = 'CN-MYXUYEN' ORDER BY p.parcel_id LIMIT 1`,
  );
  const created = await fx.call(staff, 'POST', '/api/dossiers', {
    procedure: 'inheritance',
    communeId: rows[0].commune_id,
    parcelIds: [rows[0].parcel_id],
    applicant: {
      fullName: 'Trương Văn Khởi',
      idNumber: '094077009876',
      address: 'Ấp Hòa Phuông, xã Hòa Tú, thành phố Cần Thơ',
    },
    channel: 'national_portal',
  });
  expect(created.status).toBe(201);
  dossier = {
    receiptCode: created.body.receiptCode,
    applicant: 'Trương Văn Khởi',
    idNumber: '094077009876',
    parcelId: rows[0].parcel_id,
  };
});

afterAll(() => fx.close());

describe('citizen tracking by receipt code', () => {
  it('shows the procedure, current step, office and due date, and nothing personal', async () => {
    now = new Date('2027-05-10T03:00:00Z');
    const response = await fetch(
      `${fx.base}/api/public/dossiers/${dossier.receiptCode.toLowerCase()}`,
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      receiptCode: dossier.receiptCode,
      procedure: {
        code: 'inheritance',
        nameVi: 'Thừa kế quyền sử dụng đất',
        nameEn: 'Inheritance of land-use rights',
      },
      step: { state: 'received', labelVi: 'Đã tiếp nhận' },
      currentOffice: 'Chi nhánh Văn phòng Đăng ký đất đai khu vực Mỹ Xuyên',
      receivedAt: '2027-05-10T02:00:00.000Z',
      // Inheritance: 8 working days (Decree 151/2025/NĐ-CP Appendix I), Thursday 20 May.
      dueAt: '2027-05-20T10:00:00.000Z',
      completedAt: null,
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain(dossier.applicant);
    expect(text).not.toContain(dossier.idNumber);
    expect(text).not.toContain('Hòa Phuông');
    expect(text).not.toContain(String(dossier.parcelId));
  });

  it('answers 404 for an unknown or malformed code', async () => {
    now = new Date('2027-05-11T03:00:00Z');
    expect((await fetch(`${fx.base}/api/public/dossiers/HS-AAAA-BBBB-CCCC-DDDD`)).status).toBe(404);
    const malformed = await fetch(`${fx.base}/api/public/dossiers/%27%20OR%201=1`);
    expect(malformed.status).toBe(404);
  });

  it('limits an address to 30 lookups a minute (429 with Retry-After), but not signed-in staff', async () => {
    now = new Date('2027-05-12T03:00:00Z');
    const url = `${fx.base}/api/public/dossiers/${dossier.receiptCode}`;
    // At once, so the bucket (refilled at 30 a minute, one token every 2 s) gains nothing meanwhile.
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => fetch(url, { headers: citizen })),
    );
    expect(burst.map((answer) => answer.status)).toEqual(Array(30).fill(200));
    const limited = await fetch(url, { headers: citizen });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error.message).toMatch(/at most 30 a minute/);
    expect((await fetch(url, { headers: { ...citizen, ...staff } })).status).toBe(200);
    // The bucket runs on the database clock: after the Retry-After, a token is there again.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await fetch(url, { headers: citizen })).status).toBe(200);
  });
});
