import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../core/auth/passwords';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

/**
 * The registration rules in force since 1 July 2025 (Decree 151/2025/NĐ-CP; see
 * docs/registration.md), walked through the HTTP API: any receiving point of the province
 * takes a dossier and forwards it to the branch of the commune; first registration with
 * the certificate is due 20 working days after receipt; a commune the administrator marks
 * remote adds 10; the clock stays paused from the sending to the tax authority until the
 * citizen's payment is recorded, and a tax procedure is approved only after it; the commune
 * People's Committee step. The test owns its data: two communes of the Châu Thành branch
 * (which no other test uses), one of them marked remote here and cleared afterwards, its
 * own officers and commune committee office, and its own dossiers in October 2027.
 */

const taxKey = 'tax-key-for-the-registration-rules-0123';
let fx: AppFixture;
let now = new Date('2027-10-04T02:00:00Z');
let ordinary: { communeId: number; parcels: number[] };
let remote: { communeId: number; parcels: number[] };
let offices: Record<string, number> = {};

// The working days of October-December 2027 written out from the calendar, a week a line
// (Monday to Friday; no public holiday falls in these weeks, which the first test checks
// against the holiday table). Expected due dates are read off this list, not computed by
// the code under test.
const workingDays = [
  '2027-10-01',
  ...['2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', '2027-10-08'],
  ...['2027-10-11', '2027-10-12', '2027-10-13', '2027-10-14', '2027-10-15'],
  ...['2027-10-18', '2027-10-19', '2027-10-20', '2027-10-21', '2027-10-22'],
  ...['2027-10-25', '2027-10-26', '2027-10-27', '2027-10-28', '2027-10-29'],
  ...['2027-11-01', '2027-11-02', '2027-11-03', '2027-11-04', '2027-11-05'],
  ...['2027-11-08', '2027-11-09', '2027-11-10', '2027-11-11', '2027-11-12'],
  ...['2027-11-15', '2027-11-16', '2027-11-17', '2027-11-18', '2027-11-19'],
  ...['2027-11-22', '2027-11-23', '2027-11-24', '2027-11-25', '2027-11-26'],
  ...['2027-11-29', '2027-11-30', '2027-12-01', '2027-12-02', '2027-12-03'],
];
const indexOf = (day: string) => {
  const index = workingDays.indexOf(day);
  if (index < 0) throw new Error(`${day} is not in the test calendar`);
  return index;
};
/** The working day `n` working days after `day`. */
const plus = (day: string, n: number) => workingDays[indexOf(day) + n] as string;
/** Working days in (from, to]: what a pause from `from` to `to` costs. */
const between = (from: string, to: string) => indexOf(to) - indexOf(from);
/** 17:00 in Vietnam on `day`, as the API writes it. */
const endOf = (day: string) => `${day}T10:00:00.000Z`;

const applicant = {
  fullName: 'Danh Thị Sa Rênh',
  idNumber: '094190007777',
  address: 'Ấp Phước Thuận, xã An Hiệp, thành phố Cần Thơ',
};
const receive = (user: string, procedure: string, commune: number, parcelIds: number[] = []) =>
  fx.call(user, 'POST', '/api/dossiers', {
    procedure,
    communeId: commune,
    parcelIds,
    applicant,
    declaredValue: 850_000_000,
  });
const act = (user: string, id: number, action: string, body: Record<string, unknown> = {}) =>
  fx.call(user, 'POST', `/api/dossiers/${id}/actions/${action}`, body);
const tax = (receiptCode: string, step: 'notice' | 'payment', body: Record<string, unknown>) =>
  fx.call({ 'X-API-Key': taxKey }, 'POST', `/api/tax/dossiers/${receiptCode}/${step}`, body);
const actions = (reply: { body: { allowedActions: { action: string }[] } }) =>
  reply.body.allowedActions.map((a) => a.action);

/** Two current communes of the Châu Thành branch with parcels that have one holder. */
async function pickCommunes() {
  const { rows } = await fx.pool.query<{ commune_id: number; parcel_ids: number[] }>(
    `SELECT j.unit_id AS commune_id,
            (array_agg(p.parcel_id::int ORDER BY md5('registration-rules' || p.parcel_id)))[1:3] AS parcel_ids
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     WHERE o.code = 'CN-CHAUTHANH'
       AND (SELECT count(*) FROM registry.parcel_right r
            WHERE r.parcel_id = p.parcel_id AND upper_inf(r.valid)) = 1
       AND EXISTS (SELECT 1 FROM registry.parcel_right r
                   WHERE r.parcel_id = p.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
                     AND r.certificate_id IS NOT NULL)
     GROUP BY j.unit_id
     ORDER BY md5('registration-rules' || j.unit_id) LIMIT 2`,
  );
  expect(rows).toHaveLength(2);
  const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
  expect(a.parcel_ids).toHaveLength(3);
  return [
    { communeId: a.commune_id, parcels: a.parcel_ids },
    { communeId: b.commune_id, parcels: b.parcel_ids },
  ];
}

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SESSION_HOURS: '720', DIAGIS_TAX_API_KEY: taxKey },
    clock: () => now,
    users: ['admin', 'officer.branch2'],
  });
  [ordinary, remote] = (await pickCommunes()) as [typeof ordinary, typeof remote];
  const { rows } = await fx.pool.query('SELECT code, id FROM org.office');
  offices = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  // This test's commune People's Committee, serving its ordinary commune.
  const committee = await fx.one<{ id: number }>(
    `INSERT INTO org.office (code, name, kind, province_id)
     SELECT 'UBND-TEST-RULES', 'Ủy ban nhân dân xã (kiểm thử quy định 2025)', 'commune_committee', province_id
     FROM org.office WHERE code = 'CN-CHAUTHANH' RETURNING id`,
  );
  await fx.pool.query('INSERT INTO org.office_jurisdiction (office_id, unit_id) VALUES ($1, $2)', [
    committee.id,
    ordinary.communeId,
  ]);
  offices['UBND-TEST-RULES'] = committee.id;
  // Its officers: the Châu Thành branch, the Đại Tâm public service centre (a receiving
  // point in another commune), and the commune committee.
  const hash = await hashPassword(fx.config.demo.password);
  for (const [username, office] of [
    ['rules.branch', 'CN-CHAUTHANH'],
    ['rules.centre', 'TTPVHCC-X-DAITAM'],
    ['rules.commune', 'UBND-TEST-RULES'],
  ] as const) {
    await fx.pool.query(
      `INSERT INTO auth.app_user (username, display_name, password_hash, role, office_id)
       VALUES ($1, $2, $3, 'officer', $4)`,
      [username, `Cán bộ ${username}`, hash, offices[office]],
    );
    await fx.signIn(username);
  }
});

afterAll(async () => {
  await fx.call('admin', 'PUT', `/api/communes/${remote.communeId}/remote-area`, {
    remote: false,
  });
  await fx.close();
});

describe('receiving anywhere in the province, and the first registration limit', () => {
  it('receives at a commune public service centre, forwards to the branch, due 20 working days later', async () => {
    const holidays = await fx.call('admin', 'GET', '/api/holidays?year=2027');
    const listed = holidays.body.holidays.map((h: { day: string }) => h.day);
    expect(workingDays.filter((day) => listed.includes(day))).toEqual([]);

    // Monday 4 October 2027, 09:00: received at the Đại Tâm centre for a commune of the
    // Châu Thành branch.
    now = new Date('2027-10-04T02:00:00Z');
    const created = await receive('rules.centre', 'first_registration', ordinary.communeId, [
      ordinary.parcels[0] as number,
    ]);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'received',
      receivingOffice: { code: 'TTPVHCC-X-DAITAM' },
      currentOffice: { code: 'TTPVHCC-X-DAITAM' },
      dueAt: endOf(plus('2027-10-04', 20)),
    });
    expect(endOf(plus('2027-10-04', 20))).toBe('2027-11-01T10:00:00.000Z');
    expect(actions(created)).toEqual(['forward']);

    now = new Date('2027-10-04T03:00:00Z');
    const forwarded = await act('rules.centre', created.body.id, 'forward');
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({
      state: 'received',
      currentOffice: { code: 'CN-CHAUTHANH' },
      dueAt: endOf(plus('2027-10-04', 20)),
    });
    // The centre still follows what it received; the branch takes it up.
    expect((await fx.call('rules.centre', 'GET', `/api/dossiers/${created.body.id}`)).status).toBe(
      200,
    );
    const atBranch = await fx.call('rules.branch', 'GET', `/api/dossiers/${created.body.id}`);
    expect(actions(atBranch)).toEqual(['assign', 'start', 'reject', 'withdraw']);
    const again = await act('rules.branch', created.body.id, 'forward');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'forward: the dossier is already at its processing office CN-CHAUTHANH',
    );
    expect(
      (await act('rules.centre', created.body.id, 'start')).status,
      'the centre no longer holds it',
    ).toBe(403);
  });

  it('lets another branch receive for the commune (no more jurisdiction check) and forward it', async () => {
    now = new Date('2027-10-05T02:00:00Z');
    const created = await receive('officer.branch2', 'transfer', ordinary.communeId, [
      ordinary.parcels[1] as number,
    ]);
    expect(created.status).toBe(201);
    expect(created.body.dueAt).toBe(endOf(plus('2027-10-05', 8)));
    expect(actions(created)).toContain('forward');
    const forwarded = await act('officer.branch2', created.body.id, 'forward');
    expect(forwarded.body.currentOffice.code).toBe('CN-CHAUTHANH');
    await act('rules.branch', created.body.id, 'withdraw', { note: 'thử nghiệm: rút hồ sơ' });
  });

  it('counts 17 working days for first registration without the certificate', async () => {
    now = new Date('2027-10-04T02:00:00Z');
    const created = await receive(
      'rules.branch',
      'first_registration_no_certificate',
      ordinary.communeId,
    );
    expect(created.status).toBe(201);
    expect(created.body.dueAt).toBe(endOf(plus('2027-10-04', 17)));
  });
});

describe('remote or difficult communes', () => {
  it('adds 10 working days to dossiers received after the administrator marks the commune', async () => {
    now = new Date('2027-10-04T02:00:00Z');
    const before = await receive('rules.branch', 'transfer', remote.communeId, [
      remote.parcels[0] as number,
    ]);
    expect(before.body.dueAt).toBe(endOf(plus('2027-10-04', 8)));

    const path = `/api/communes/${remote.communeId}/remote-area`;
    const byOfficer = await fx.call('rules.branch', 'PUT', path, { remote: true, basis: 'x y' });
    expect(byOfficer.status).toBe(403);
    const noBasis = await fx.call('admin', 'PUT', path, { remote: true });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.error.field).toBe('basis');
    const marked = await fx.call('admin', 'PUT', path, {
      remote: true,
      basis: 'Quyết định thử nghiệm phân loại xã có điều kiện kinh tế - xã hội đặc biệt khó khăn',
    });
    expect(marked.status).toBe(200);
    expect(marked.body.commune).toMatchObject({ id: remote.communeId, remoteArea: true });

    const first = await receive('rules.branch', 'first_registration', remote.communeId, [
      remote.parcels[1] as number,
    ]);
    expect(first.body.dueAt).toBe(endOf(plus('2027-10-04', 20 + 10)));
    expect(first.body.events[0].data).toMatchObject({ limitWorkingDays: 30, remoteArea: true });
    const transfer = await receive('rules.branch', 'transfer', remote.communeId, [
      remote.parcels[2] as number,
    ]);
    expect(transfer.body.dueAt).toBe(endOf(plus('2027-10-04', 8 + 10)));
    // Already received: its due date stays; the ordinary commune is unchanged.
    const kept = await fx.call('rules.branch', 'GET', `/api/dossiers/${before.body.id}`);
    expect(kept.body.dueAt).toBe(endOf(plus('2027-10-04', 8)));
    const elsewhere = await receive('rules.branch', 'first_registration', ordinary.communeId);
    expect(elsewhere.body.dueAt).toBe(endOf(plus('2027-10-04', 20)));
  });
});

describe('the tax leg', () => {
  it('keeps the clock paused from the sending to the tax authority until the payment is recorded', async () => {
    // Monday 11 October: a transfer, due 8 working days later.
    now = new Date('2027-10-11T02:00:00Z');
    const created = await receive('rules.branch', 'transfer', ordinary.communeId, [
      ordinary.parcels[2] as number,
    ]);
    const { id, receiptCode } = created.body as { id: number; receiptCode: string };
    const due = plus('2027-10-11', 8);
    expect(created.body.dueAt).toBe(endOf(due));
    now = new Date('2027-10-11T02:30:00Z');
    await act('rules.branch', id, 'start');
    const early = await act('rules.branch', id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(
      /^approve: procedure transfer involves the tax authority; the payment of its tax notice must be recorded first/,
    );

    // Tuesday 12: sent to the tax authority, the clock stops.
    now = new Date('2027-10-12T03:00:00Z');
    expect((await act('rules.branch', id, 'send_to_tax')).body.state).toBe('at_tax');
    const paymentTooEarly = await tax(receiptCode, 'payment', {
      paymentRef: 'CT-RULES-0001',
      paidOn: '2027-10-12',
    });
    expect(paymentTooEarly.status).toBe(409);

    // Thursday 14: the notice; the dossier waits at the branch for the citizen to pay, the
    // clock still paused, the due date not yet moved, approval impossible.
    now = new Date('2027-10-14T03:00:00Z');
    const notice = await tax(receiptCode, 'notice', {
      noticeNo: 'TB-RULES-0001',
      amount: 17_000_000,
      noticeDate: '2027-10-14',
    });
    expect(notice.status).toBe(201);
    expect(notice.body).toMatchObject({
      state: 'awaiting_payment',
      currentOffice: 'CN-CHAUTHANH',
      dueAt: endOf(due),
      pausedSince: '2027-10-12T03:00:00.000Z',
    });
    const waiting = await fx.call('rules.branch', 'GET', `/api/dossiers/${id}`);
    expect(actions(waiting)).toEqual(['record_tax_payment', 'reject', 'withdraw']);
    expect((await act('rules.branch', id, 'approve')).status).toBe(409);

    // Tuesday 19: the tax authority confirms the payment. Neither the days at the tax
    // authority (13, 14) nor those between the notice and the payment (15, 18, 19) count.
    now = new Date('2027-10-19T02:00:00Z');
    const paid = await tax(receiptCode, 'payment', {
      paymentRef: 'CT-RULES-0001',
      paidOn: '2027-10-18',
      amount: 17_000_000,
    });
    expect(paid.status).toBe(201);
    const lost = between('2027-10-12', '2027-10-19');
    expect(lost).toBe(5);
    expect(paid.body).toMatchObject({
      state: 'in_progress',
      currentOffice: 'CN-CHAUTHANH',
      dueAt: endOf(plus(due, lost)),
      pausedSince: null,
    });
    expect(endOf(plus(due, lost))).toBe('2027-10-28T10:00:00.000Z');

    // With the buyer recorded, the branch approves.
    const recorded = await fx.call('rules.branch', 'PUT', `/api/dossiers/${id}/register-request`, {
      recipients: [{ ...applicant, share: 1, taxId: '8012345678' }],
      contract: { number: 'CN-RULES/2027', date: '2027-10-08' },
      certificate: { mode: 'endorse' },
    });
    expect(recorded.status).toBe(200);
    now = new Date('2027-10-20T02:00:00Z');
    const approved = await act('rules.branch', id, 'approve');
    expect(approved.status).toBe(200);
    const events = approved.body.events as { kind: string; data: Record<string, unknown> }[];
    expect(events.map((e) => e.kind)).toEqual([
      'received',
      'started',
      'sent_to_tax',
      'tax_notice_recorded',
      'tax_payment_recorded',
      'approved',
      'register_changed',
    ]);
    expect(events[4]?.data).toMatchObject({
      channel: 'tax_api',
      paymentRef: 'CT-RULES-0001',
      paidOn: '2027-10-18',
      pausedWorkingDays: 5,
      dueAtBefore: endOf(due),
      dueAtAfter: endOf(plus(due, lost)),
    });
  });

  it('lets the officer record the payment from the receipt number', async () => {
    now = new Date('2027-10-11T02:00:00Z');
    const created = await receive('rules.branch', 'gift', remote.communeId, [
      remote.parcels[0] as number,
    ]);
    const { id, receiptCode } = created.body as { id: number; receiptCode: string };
    // The commune is remote now: 8 + 10 working days.
    const due = plus('2027-10-11', 18);
    expect(created.body.dueAt).toBe(endOf(due));
    await act('rules.branch', id, 'start');
    now = new Date('2027-10-11T03:00:00Z');
    await act('rules.branch', id, 'send_to_tax');
    now = new Date('2027-10-12T03:00:00Z');
    await tax(receiptCode, 'notice', {
      noticeNo: 'TB-RULES-0002',
      amount: 0,
      noticeDate: '2027-10-12',
    });

    now = new Date('2027-10-13T08:00:00Z');
    const missing = await act('rules.branch', id, 'record_tax_payment', { paidOn: '2027-10-13' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('paymentRef');
    const paid = await act('rules.branch', id, 'record_tax_payment', {
      paymentRef: 'BL-0001234',
      paidOn: '2027-10-13',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      state: 'in_progress',
      dueAt: endOf(plus(due, between('2027-10-11', '2027-10-13'))),
      pausedSince: null,
    });
    const last = paid.body.events.at(-1);
    expect(last).toMatchObject({
      kind: 'tax_payment_recorded',
      actor: { displayName: 'Cán bộ rules.branch' },
      data: { paymentRef: 'BL-0001234', pausedWorkingDays: 2 },
    });
    const again = await act('rules.branch', id, 'record_tax_payment', {
      paymentRef: 'BL-0001235',
      paidOn: '2027-10-13',
    });
    expect(again.status).toBe(409);
    const rows = await fx.pool.query(
      'SELECT payment_ref, channel FROM dossier.tax_payment WHERE dossier_id = $1',
      [id],
    );
    expect(rows.rows).toEqual([{ payment_ref: 'BL-0001234', channel: 'staff' }]);
  });
});

describe("the commune People's Committee step", () => {
  it('sends a procedure that involves the commune there and back, clock running, before approval', async () => {
    // A procedure of this test's own: involves the commune, not the tax authority.
    await fx.pool.query(
      `INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis,
                                      involves_commune)
       VALUES ('test_rules_commune', 'Thủ tục thử có bước UBND xã', 'Test: with the commune step', 10,
               'test fixture', true)`,
    );
    try {
      now = new Date('2027-10-04T02:00:00Z');
      const created = await receive('rules.branch', 'test_rules_commune', ordinary.communeId);
      const id = created.body.id as number;
      const due = endOf(plus('2027-10-04', 10));
      expect(created.body.dueAt).toBe(due);
      await act('rules.branch', id, 'start');
      const early = await act('rules.branch', id, 'approve');
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(/involves the commune People's Committee/);

      now = new Date('2027-10-05T02:00:00Z');
      const sent = await act('rules.branch', id, 'send_to_commune');
      expect(sent.body).toMatchObject({
        state: 'at_commune',
        currentOffice: { code: 'UBND-TEST-RULES' },
        pausedSince: null,
        dueAt: due,
      });
      const atCommune = await fx.call('rules.commune', 'GET', `/api/dossiers/${id}`);
      expect(actions(atCommune)).toEqual(['return_from_commune']);
      expect((await act('rules.branch', id, 'approve')).status).toBe(403);
      const noNote = await act('rules.commune', id, 'return_from_commune');
      expect(noNote.status).toBe(400);

      now = new Date('2027-10-07T02:00:00Z');
      const back = await act('rules.commune', id, 'return_from_commune', {
        note: 'Xác nhận hiện trạng, nguồn gốc và thời điểm sử dụng đất',
      });
      expect(back.body).toMatchObject({
        state: 'in_progress',
        currentOffice: { code: 'CN-CHAUTHANH' },
        dueAt: due,
      });
      const approved = await act('rules.branch', id, 'approve');
      expect(approved.status).toBe(200);
      expect(
        approved.body.events.map((e: { kind: string; toOffice: { code: string } }) => [
          e.kind,
          e.toOffice.code,
        ]),
      ).toEqual([
        ['received', 'CN-CHAUTHANH'],
        ['started', 'CN-CHAUTHANH'],
        ['sent_to_commune', 'UBND-TEST-RULES'],
        ['returned_from_commune', 'CN-CHAUTHANH'],
        ['approved', 'CN-CHAUTHANH'],
      ]);
    } finally {
      await fx.pool.query(
        "UPDATE dossier.procedure SET active = false WHERE code = 'test_rules_commune'",
      );
    }
  });

  it('refuses the commune step for a procedure without it, and where no committee serves the commune', async () => {
    now = new Date('2027-10-06T02:00:00Z');
    const transfer = await receive('rules.branch', 'transfer', ordinary.communeId);
    await act('rules.branch', transfer.body.id, 'start');
    const refused = await act('rules.branch', transfer.body.id, 'send_to_commune');
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      "send_to_commune: procedure transfer does not involve the commune People's Committee",
    );
    const first = await receive('rules.branch', 'first_registration', remote.communeId);
    await act('rules.branch', first.body.id, 'start');
    const nobody = await act('rules.branch', first.body.id, 'send_to_commune');
    expect(nobody.status).toBe(409);
    expect(nobody.body.error.message).toMatch(/no active commune People's Committee office serves/);
  });
});
