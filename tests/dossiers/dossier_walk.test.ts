import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/logger';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const taxKey = 'tax-key-for-tests-0123456789abcdef';
const attachmentsDir = mkdtempSync(join(tmpdir(), 'diagis-walk-'));
const warnings: string[] = [];
let fx: AppFixture;
let now = new Date('2027-03-01T01:00:00Z');
let offices: Record<string, number> = {};
let sample: { parcel_id: number; commune_id: number };

/** The parts of a tax export and of a timeline event the walk checks. */
interface ExportJson {
  dossier: { receiptCode: string };
  parties: { role: string; idNumber: string | null }[];
}
interface EventJson {
  kind: string;
  fromState: string | null;
  toState: string;
  fromOffice: { code: string } | null;
  toOffice: { code: string } | null;
  note: string | null;
  actor: { displayName: string } | null;
  data: Record<string, unknown>;
}

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

beforeAll(async () => {
  fx = await startAppFixture({
    env: {
      DIAGIS_SESSION_HOURS: '720',
      DIAGIS_TAX_API_KEY: taxKey,
      DIAGIS_ATTACHMENTS_DIR: attachmentsDir,
    },
    clock: () => now,
    logger: createLogger('warn', { write: (line: string) => void warnings.push(line) }),
    users: ['officer.branch1', 'officer.branch2', 'officer.province', 'admin'],
  });
  const { rows } = await fx.pool.query('SELECT code, id FROM org.office');
  offices = Object.fromEntries(rows.map((row) => [row.code, row.id]));
  // A parcel with a current holder in a commune of branch 1 (CN-SOCTRANG), with the
  // current commune its (possibly legacy) commune belongs to.
  const parcel = await fx.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
     WHERE o.code = 'CN-SOCTRANG'
     ORDER BY p.parcel_id LIMIT 1`,
  );
  sample = parcel.rows[0];
});

afterAll(async () => {
  await fx.close();
  rmSync(attachmentsDir, { recursive: true, force: true });
});

const applicant = {
  fullName: 'Lâm Thị Hồng Nhung',
  idNumber: '094185001234',
  address: '12 Trần Hưng Đạo, phường Sóc Trăng, thành phố Cần Thơ',
};
const newTransfer = (extra: Record<string, unknown> = {}) => ({
  procedure: 'transfer',
  communeId: sample.commune_id,
  parcelIds: [sample.parcel_id],
  applicant,
  channel: 'one_stop_centre',
  declaredValue: 1_250_000_000,
  ...extra,
});

/** Branch 2 cannot reach the dossier by id, list, search, attachment or export. */
async function expectHiddenFromBranch2(
  dossier: { id: number; receiptCode: string },
  attachmentId: number,
) {
  const byId = await fx.call('officer.branch2', 'GET', `/api/dossiers/${dossier.id}`);
  expect(byId.status).toBe(404);
  expect(byId.body.error.message).toBe(`dossier ${dossier.id} does not exist`);
  const list = await fx.call('officer.branch2', 'GET', '/api/dossiers?limit=200');
  expect(list.status).toBe(200);
  expect(list.body.items.map((item: { id: number }) => item.id)).not.toContain(dossier.id);
  const byCode = await fx.call('officer.branch2', 'GET', `/api/dossiers?q=${dossier.receiptCode}`);
  expect(byCode.body.items).toEqual([]);
  const byName = await fx.call(
    'officer.branch2',
    'GET',
    '/api/dossiers?q=lam%20thi%20hong%20nhung',
  );
  expect(byName.body.items).toEqual([]);
  const file = await fx.call(
    'officer.branch2',
    'GET',
    `/api/dossiers/${dossier.id}/attachments/${attachmentId}`,
  );
  expect(file.status).toBe(404);
  for (const format of ['json', 'xml']) {
    const exported = await fx.call(
      'officer.branch2',
      'GET',
      `/api/dossiers/${dossier.id}/tax-export.${format}`,
    );
    expect(exported.status).toBe(404);
  }
}

const act = (user: string, id: number, action: string, body: Record<string, unknown> = {}) =>
  fx.call(user, 'POST', `/api/dossiers/${id}/actions/${action}`, body);

describe('a transfer dossier from branch 1 to the provincial office, the tax authority and back', () => {
  it('walks every step with its events, office moves, due date and paused clock', async () => {
    // A dossier received before the test holiday exists: due 8 working days later (a
    // transfer's limit, Decree 151/2025/NĐ-CP Appendix I).
    const before = await fx.call('officer.branch1', 'POST', '/api/dossiers', newTransfer());
    expect(before.status).toBe(201);
    expect(before.body.dueAt).toBe('2027-03-11T10:00:00.000Z');

    const holiday = await fx.call('admin', 'POST', '/api/holidays', {
      day: '2027-03-04',
      name: 'Ngày nghỉ thử nghiệm',
    });
    expect(holiday.status).toBe(201);
    expect(
      (
        await fx.call('officer.branch1', 'POST', '/api/holidays', {
          day: '2027-03-05',
          name: 'x y',
        })
      ).status,
    ).toBe(403);

    // 1. Received at branch 1 on Monday 1 March 2027, 09:00: the holiday pushes the due date.
    now = new Date('2027-03-01T02:00:00Z');
    const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', newTransfer());
    expect(created.status).toBe(201);
    const dossier = created.body as { id: number; receiptCode: string };
    expect(dossier.receiptCode).toMatch(/^HS-[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    expect(created.body).toMatchObject({
      state: 'received',
      dueAt: '2027-03-12T10:00:00.000Z',
      currentOffice: { code: 'CN-SOCTRANG' },
      receivingOffice: { code: 'CN-SOCTRANG' },
      applicant: { fullName: applicant.fullName, idNumber: applicant.idNumber },
      declaredValue: 1_250_000_000,
    });
    expect(created.body.parcels).toEqual([expect.objectContaining({ id: sample.parcel_id })]);
    expect(created.body.parcels[0].bbox).toHaveLength(4);
    expect(created.body.allowedActions.map((a: { action: string }) => a.action)).toEqual([
      'assign',
      'start',
      'reject',
      'withdraw',
    ]);

    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'hop-dong.pdf');
    const upload = await fetch(`${fx.base}/api/dossiers/${dossier.id}/attachments`, {
      method: 'POST',
      headers: fx.sessions['officer.branch1'],
      body: form,
    });
    expect(upload.status).toBe(201);
    const attachmentId = (await upload.json()).attachment.id as number;
    await expectHiddenFromBranch2(dossier, attachmentId);

    // 2-3. Branch 1 starts it and sends it to the provincial office.
    now = new Date('2027-03-01T02:30:00Z');
    expect((await act('officer.branch1', dossier.id, 'start')).body.state).toBe('in_progress');
    now = new Date('2027-03-01T03:00:00Z');
    const sent = await act('officer.branch1', dossier.id, 'send_to_office', {
      targetOfficeId: offices.VPDK,
      note: 'Chuyển VPĐK thẩm định',
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ state: 'at_other_office', currentOffice: { code: 'VPDK' } });
    expect(sent.body.allowedActions).toEqual([]);
    await expectHiddenFromBranch2(dossier, attachmentId);

    // 4. The provincial office accepts it; neither it nor branch 1 may approve here.
    now = new Date('2027-03-02T02:00:00Z');
    expect((await act('officer.province', dossier.id, 'accept')).body.state).toBe('in_progress');
    const branchApproves = await act('officer.branch1', dossier.id, 'approve');
    expect(branchApproves.status).toBe(403);
    expect(branchApproves.body.error.message).toBe(
      'approve: the dossier is at office VPDK; only that office may act on it',
    );
    const provinceApproves = await act('officer.province', dossier.id, 'approve');
    expect(provinceApproves.status).toBe(403);
    expect(provinceApproves.body.error.message).toMatch(/processed by a branch office/);

    // 5. The provincial office sends it to the tax authority: the clock stops.
    now = new Date('2027-03-02T03:00:00Z');
    const toTax = await act('officer.province', dossier.id, 'send_to_tax');
    expect(toTax.body).toMatchObject({
      state: 'at_tax',
      currentOffice: { code: 'THUE' },
      pausedSince: '2027-03-02T03:00:00.000Z',
      dueAt: '2027-03-12T10:00:00.000Z',
    });
    await expectHiddenFromBranch2(dossier, attachmentId);

    // The tax side pulls it with the API key (401 without it or with a wrong one).
    expect((await fetch(`${fx.base}/api/tax/dossiers`)).status).toBe(401);
    const wrong = await fetch(`${fx.base}/api/tax/dossiers`, {
      headers: { 'X-API-Key': `${taxKey}x` },
    });
    expect(wrong.status).toBe(401);
    const pulled = await fetch(`${fx.base}/api/tax/dossiers`, { headers: { 'X-API-Key': taxKey } });
    expect(pulled.status).toBe(200);
    const waiting = (await pulled.json()).dossiers as ExportJson[];
    const ours = waiting.find((d) => d.dossier.receiptCode === dossier.receiptCode);
    expect(ours).toMatchObject({
      transfer: { declaredValue: 1_250_000_000, currency: 'VND' },
      parcels: [{ parcelId: sample.parcel_id }],
    });
    expect(ours?.parties[0]).toMatchObject({ role: 'applicant', idNumber: applicant.idNumber });
    expect(ours?.parties.some((p: { role: string }) => p.role === 'holder')).toBe(true);
    const pulledXml = await fetch(`${fx.base}/api/tax/dossiers?format=xml`, {
      headers: { 'X-API-Key': taxKey },
    });
    expect(pulledXml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await pulledXml.text()).toContain(`<receiptCode>${dossier.receiptCode}</receiptCode>`);

    // 6. Friday: the notice comes back to the provincial office, which waits for the
    // citizen's payment: the clock stays paused and the due date has not moved yet.
    now = new Date('2027-03-05T03:00:00Z');
    const notice = { noticeNo: 'TB-2027/0042', amount: 25_000_000, noticeDate: '2027-03-05' };
    const posted = await fetch(`${fx.base}/api/tax/dossiers/${dossier.receiptCode}/notice`, {
      method: 'POST',
      headers: { 'X-API-Key': taxKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(notice),
    });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toMatchObject({
      state: 'awaiting_payment',
      currentOffice: 'VPDK',
      dueAt: '2027-03-12T10:00:00.000Z',
      pausedSince: '2027-03-02T03:00:00.000Z',
    });
    const again = await fetch(`${fx.base}/api/tax/dossiers/${dossier.receiptCode}/notice`, {
      method: 'POST',
      headers: { 'X-API-Key': taxKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...notice, noticeNo: 'TB-2027/0043' }),
    });
    expect(again.status).toBe(409);
    const exportJson = await fx.call(
      'officer.province',
      'GET',
      `/api/dossiers/${dossier.id}/tax-export.json`,
    );
    expect(exportJson.status).toBe(200);
    expect(exportJson.body.dossier.receiptCode).toBe(dossier.receiptCode);
    const exportXml = await fetch(`${fx.base}/api/dossiers/${dossier.id}/tax-export.xml`, {
      headers: fx.sessions['officer.province'],
    });
    expect(await exportXml.text()).toMatch(/<taxExport format="diagis-tax-export\/1">/);
    await expectHiddenFromBranch2(dossier, attachmentId);

    // 7. Monday 08:30: the tax authority confirms the payment; the clock lost Wednesday,
    // Friday and Monday (Thursday is the holiday), so the due date moves three working
    // days, from Friday 12 to Wednesday 17 March.
    now = new Date('2027-03-08T01:30:00Z');
    const paid = await fetch(`${fx.base}/api/tax/dossiers/${dossier.receiptCode}/payment`, {
      method: 'POST',
      headers: { 'X-API-Key': taxKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ paymentRef: 'CT-2027/000815', paidOn: '2027-03-08' }),
    });
    expect(paid.status).toBe(201);
    expect(await paid.json()).toMatchObject({
      state: 'in_progress',
      currentOffice: 'VPDK',
      dueAt: '2027-03-17T10:00:00.000Z',
      pausedSince: null,
    });

    // 8-9. Back to branch 1, which accepts it.
    now = new Date('2027-03-08T02:00:00Z');
    const back = await act('officer.province', dossier.id, 'send_to_office', {
      targetOfficeId: offices['CN-SOCTRANG'],
    });
    expect(back.body).toMatchObject({
      state: 'at_other_office',
      currentOffice: { code: 'CN-SOCTRANG' },
    });
    now = new Date('2027-03-08T03:00:00Z');
    expect((await act('officer.branch1', dossier.id, 'accept')).body.state).toBe('in_progress');

    // The transfer's register data (the buyer, the contract, the certificate endorsed).
    const registerData = await fx.call(
      'officer.branch1',
      'PUT',
      `/api/dossiers/${dossier.id}/register-request`,
      {
        recipients: [{ ...applicant, share: 1 }],
        contract: { number: 'CN-2027/0301', date: '2027-02-26' },
        certificate: { mode: 'endorse' },
      },
    );
    expect(registerData.status).toBe(200);

    // 10-11. Branch 1 approves and returns the result on Tuesday, before the moved due date.
    now = new Date('2027-03-08T04:00:00Z');
    expect((await act('officer.branch1', dossier.id, 'approve')).body.state).toBe('approved');
    now = new Date('2027-03-09T02:00:00Z');
    const returned = await act('officer.branch1', dossier.id, 'return_result');
    expect(returned.body).toMatchObject({
      state: 'returned',
      completedAt: '2027-03-09T02:00:00.000Z',
      dueAt: '2027-03-17T10:00:00.000Z',
      pausedSince: null,
      allowedActions: [],
    });
    await expectHiddenFromBranch2(dossier, attachmentId);

    const events = returned.body.events as EventJson[];
    expect(
      events.map((e) => [
        e.kind,
        e.fromState,
        e.toState,
        e.fromOffice?.code ?? null,
        e.toOffice?.code,
      ]),
    ).toEqual([
      ['received', null, 'received', null, 'CN-SOCTRANG'],
      ['started', 'received', 'in_progress', 'CN-SOCTRANG', 'CN-SOCTRANG'],
      ['sent_to_office', 'in_progress', 'at_other_office', 'CN-SOCTRANG', 'VPDK'],
      ['accepted', 'at_other_office', 'in_progress', 'VPDK', 'VPDK'],
      ['sent_to_tax', 'in_progress', 'at_tax', 'VPDK', 'THUE'],
      ['tax_notice_recorded', 'at_tax', 'awaiting_payment', 'THUE', 'VPDK'],
      ['tax_payment_recorded', 'awaiting_payment', 'in_progress', 'VPDK', 'VPDK'],
      ['sent_to_office', 'in_progress', 'at_other_office', 'VPDK', 'CN-SOCTRANG'],
      ['accepted', 'at_other_office', 'in_progress', 'CN-SOCTRANG', 'CN-SOCTRANG'],
      ['approved', 'in_progress', 'approved', 'CN-SOCTRANG', 'CN-SOCTRANG'],
      ['register_changed', 'approved', 'approved', 'CN-SOCTRANG', 'CN-SOCTRANG'],
      ['returned', 'approved', 'returned', 'CN-SOCTRANG', 'CN-SOCTRANG'],
    ]);
    expect(events[2]?.note).toBe('Chuyển VPĐK thẩm định');
    expect(events[5]?.actor).toBeNull();
    expect(events[5]?.data).toEqual({
      channel: 'tax_api',
      noticeNo: 'TB-2027/0042',
      amount: 25_000_000,
      noticeDate: '2027-03-05',
    });
    expect(events[6]?.data).toMatchObject({
      channel: 'tax_api',
      paymentRef: 'CT-2027/000815',
      paidOn: '2027-03-08',
      pausedWorkingDays: 3,
      dueAtBefore: '2027-03-12T10:00:00.000Z',
      dueAtAfter: '2027-03-17T10:00:00.000Z',
    });
    expect(events.filter((e) => e.actor?.displayName === 'Thạch Sô Phal')).toHaveLength(7);
    expect(returned.body.taxNotices).toEqual([
      expect.objectContaining({ noticeNo: 'TB-2027/0042', amount: 25_000_000, channel: 'tax_api' }),
    ]);
    const { rows } = await fx.pool.query(
      'SELECT count(*)::int AS n FROM dossier.event WHERE dossier_id = $1',
      [dossier.id],
    );
    expect(rows[0].n).toBe(12);

    // Each refused look by branch 2 was logged with the user and the dossier.
    const logged = warnings
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.dossierId === dossier.id && entry.username === 'officer.branch2');
    expect(logged.length).toBeGreaterThanOrEqual(5 * 4);

    // The administrator removes the test holiday again; a second removal finds nothing.
    expect((await fx.call('admin', 'DELETE', '/api/holidays/2027-03-04')).status).toBe(204);
    expect((await fx.call('admin', 'DELETE', '/api/holidays/2027-03-04')).status).toBe(404);
  });
});

describe('refused transitions change nothing', () => {
  const snapshot = async (id: number) => {
    const row = await fx.pool.query('SELECT * FROM dossier.dossier WHERE id = $1', [id]);
    const events = await fx.pool.query(
      'SELECT count(*)::int AS n FROM dossier.event WHERE dossier_id = $1',
      [id],
    );
    return { row: row.rows[0], events: events.rows[0].n };
  };

  it('answers 409 for the wrong state, 403 for the wrong role or office, 400 for forged fields', async () => {
    now = new Date('2027-03-15T02:00:00Z');
    const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', newTransfer());
    const id = created.body.id as number;
    const before = await snapshot(id);

    const approve = await act('officer.branch1', id, 'approve');
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toBe(
      'approve: not allowed while the dossier is received (only from in_progress)',
    );
    const cancel = await act('officer.branch1', id, 'cancel', { note: 'nhập nhầm' });
    expect(cancel.status).toBe(403);
    expect(cancel.body.error.message).toBe(
      'cancel: role officer may not perform it (allowed: admin)',
    );
    const otherOffice = await act('officer.province', id, 'start');
    expect(otherOffice.status).toBe(403);
    expect((await act('officer.branch2', id, 'start')).status).toBe(404);
    expect((await act('officer.branch1', id, 'teleport')).status).toBe(404);
    const noTarget = await act('officer.branch1', id, 'send_to_office', {});
    expect(noTarget.status).toBe(400);
    expect(noTarget.body.error.message).toBe('targetOfficeId: is required');

    for (const [field, value] of [
      ['state', 'approved'],
      ['status', 'returned'],
      ['office_id', offices.VPDK],
      ['current_office_id', offices.VPDK],
      ['due_at', '2030-01-01T00:00:00Z'],
    ] as const) {
      const forged = await act('officer.branch1', id, 'start', { note: 'bắt đầu', [field]: value });
      expect(forged.status).toBe(400);
      expect(forged.body.error.field).toBe(field);
      expect(forged.body.error.message).toMatch(new RegExp(`^${field}: unknown field`));
    }
    const forgedCreate = await fx.call(
      'officer.branch1',
      'POST',
      '/api/dossiers',
      newTransfer({ state: 'approved' }),
    );
    expect(forgedCreate.status).toBe(400);
    expect(forgedCreate.body.error.field).toBe('state');

    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses a branch approving a procedure processed by the provincial office (403)', async () => {
    now = new Date('2027-03-16T02:00:00Z');
    await fx.pool.query(
      `INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, processing_office_kind)
       VALUES ('test_province_only', 'Thủ tục thử do VPĐK giải quyết', 'Test: processed by the provincial office', 10,
               'test fixture', 'provincial_lro')`,
    );
    try {
      const created = await fx.call(
        'officer.branch1',
        'POST',
        '/api/dossiers',
        newTransfer({ procedure: 'test_province_only' }),
      );
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      expect((await act('officer.branch1', id, 'start')).status).toBe(200);
      const before = await snapshot(id);
      const approve = await act('officer.branch1', id, 'approve');
      expect(approve.status).toBe(403);
      expect(approve.body.error.message).toBe(
        'approve: procedure test_province_only is processed by a provincial_lro office; your office is a branch office',
      );
      expect(await snapshot(id)).toEqual(before);
      // Sent to the provincial office, it is approved there.
      await act('officer.branch1', id, 'send_to_office', { targetOfficeId: offices.VPDK });
      await act('officer.province', id, 'accept');
      expect((await act('officer.province', id, 'approve')).body.state).toBe('approved');
    } finally {
      await fx.pool.query(
        "UPDATE dossier.procedure SET active = false WHERE code = 'test_province_only'",
      );
    }
  });

  it('lets the provincial office assign a dossier it received to the branch of its commune', async () => {
    now = new Date('2027-03-17T02:00:00Z');
    const created = await fx.call('officer.province', 'POST', '/api/dossiers', newTransfer());
    expect(created.status).toBe(201);
    const assigned = await act('officer.province', created.body.id, 'assign_branch');
    expect(assigned.body).toMatchObject({
      state: 'assigned',
      currentOffice: { code: 'CN-SOCTRANG' },
    });
    const started = await act('officer.branch1', created.body.id, 'start');
    expect(started.body).toMatchObject({
      state: 'in_progress',
      assignedUser: { displayName: 'Thạch Sô Phal' },
    });
  });
});

describe('the inbox', () => {
  /** A transfer received by branch 1 at `at` (the inbox test makes its own dossiers). */
  const receivedAt = async (at: string, extra: Record<string, unknown> = {}) => {
    now = new Date(at);
    const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', newTransfer(extra));
    expect(created.status).toBe(201);
    return created.body.id as number;
  };

  it('filters by state and overdue, searches without diacritics, and counts due-soon dossiers', async () => {
    // Received Monday 8 March 2027, due Thursday 18th: overdue on the 23rd.
    const late = await receivedAt('2027-03-08T02:00:00Z');
    // Received Monday 15th, due Thursday 25th (8 working days): due within two working days.
    const dueSoon = await receivedAt('2027-03-15T02:00:00Z');
    // A dossier returned to the applicant, of a branch procedure with neither tax nor commune.
    await fx.pool.query(
      `INSERT INTO dossier.procedure (code, name_vi, name_en, limit_working_days, legal_basis, processing_office_kind)
       VALUES ('test_inbox_branch', 'Thủ tục thử của hộp hồ sơ', 'Test: the inbox', 10, 'test fixture', 'branch')
       ON CONFLICT (code) DO UPDATE SET active = true`,
    );
    let walked = 0;
    try {
      walked = await receivedAt('2027-03-10T02:00:00Z', { procedure: 'test_inbox_branch' });
      expect((await act('officer.branch1', walked, 'start')).body.state).toBe('in_progress');
      expect((await act('officer.branch1', walked, 'approve')).body.state).toBe('approved');
      now = new Date('2027-03-11T02:00:00Z');
      expect((await act('officer.branch1', walked, 'return_result')).body.state).toBe('returned');
    } finally {
      await fx.pool.query(
        "UPDATE dossier.procedure SET active = false WHERE code = 'test_inbox_branch'",
      );
    }

    // Tuesday 23 March 2027.
    now = new Date('2027-03-23T02:00:00Z');
    const all = await fx.call('officer.branch1', 'GET', '/api/dossiers?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.counts.byState.returned).toBeGreaterThanOrEqual(1);
    expect(all.body.counts.dueSoon).toBeGreaterThanOrEqual(1);
    expect(all.body.items.find((d: { id: number }) => d.id === dueSoon)).toMatchObject({
      dueSoon: true,
      overdue: false,
      applicantName: applicant.fullName,
    });

    const overdue = await fx.call('officer.branch1', 'GET', '/api/dossiers?overdue=true&limit=200');
    const overdueIds = overdue.body.items.map((d: { id: number }) => d.id);
    expect(overdueIds).toContain(late);
    expect(overdueIds).not.toContain(walked);
    expect(overdueIds).not.toContain(dueSoon);
    expect(overdue.body.items.every((d: { overdue: boolean }) => d.overdue)).toBe(true);

    const returned = await fx.call(
      'officer.branch1',
      'GET',
      '/api/dossiers?state=returned&procedure=test_inbox_branch',
    );
    expect(returned.body.items.map((d: { id: number }) => d.id)).toEqual([walked]);
    const returnedTransfers = await fx.call(
      'officer.branch1',
      'GET',
      '/api/dossiers?state=returned&procedure=transfer&limit=200',
    );
    expect(returnedTransfers.body.items.map((d: { id: number }) => d.id)).not.toContain(walked);

    const byName = await fx.call(
      'officer.branch1',
      'GET',
      '/api/dossiers?q=lam%20thi%20hong%20nhung&limit=200',
    );
    const byNameIds = byName.body.items.map((d: { id: number }) => d.id);
    expect(byNameIds).toEqual(expect.arrayContaining([late, dueSoon, walked]));
    expect(
      byName.body.items.every(
        (d: { applicantName: string }) => d.applicantName === applicant.fullName,
      ),
    ).toBe(true);
    const walkedBody = await fx.call('officer.branch1', 'GET', `/api/dossiers/${walked}`);
    const byCode = await fx.call(
      'officer.branch1',
      'GET',
      `/api/dossiers?q=${walkedBody.body.receiptCode.toLowerCase()}`,
    );
    expect(byCode.body.items.map((d: { id: number }) => d.id)).toEqual([walked]);
    expect(byCode.body.total).toBe(1);

    const badFilter = await fx.call('officer.branch1', 'GET', '/api/dossiers?state=lost');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.error.field).toBe('state');
  });
});
