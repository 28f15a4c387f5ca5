import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

/**
 * Approval changes the register: a transfer moves the right and endorses the certificate,
 * a mortgage adds a restriction that only staff see and a release closes it, a change of
 * land use writes a new parcel version, and a second transfer of the same right is a 409
 * that changes nothing. Each test uses parcels of its own (picked by a hash of their id,
 * which no other test file uses), with one land-use right, a certificate and no mortgage.
 */

let fx: AppFixture;
let now = new Date('2027-05-03T02:00:00Z');
let communeOf: Map<number, number>;
let parcels: number[] = [];

/** The holder, right and certificate of a picked parcel, read straight from the tables. */
interface Holding {
  rightId: number;
  holder: string;
  serialNo: string;
  certificateId: number;
}

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SESSION_HOURS: '720' },
    clock: () => now,
    users: ['officer.branch1', 'admin'],
  });
  const { rows } = await fx.pool.query<{ parcel_id: number; commune_id: number }>(
    `SELECT p.parcel_id::int AS parcel_id, j.unit_id AS commune_id
     FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     JOIN cadastre.current_parcel p ON p.commune_id = j.unit_id
       OR p.commune_id IN (SELECT predecessor_id FROM admin.unit_succession WHERE successor_id = j.unit_id)
     WHERE o.code = 'CN-SOCTRANG'
       AND (SELECT count(*) FROM registry.parcel_right r
            WHERE r.parcel_id = p.parcel_id AND upper_inf(r.valid)) = 1
       AND EXISTS (SELECT 1 FROM registry.parcel_right r
                   WHERE r.parcel_id = p.parcel_id AND upper_inf(r.valid) AND r.right_kind = 'land_use'
                     AND r.certificate_id IS NOT NULL)
       AND (SELECT count(*) FROM cadastre.parcel_land_use u WHERE u.version_id = p.version_id) = 1
     ORDER BY md5('register-effects' || p.parcel_id) LIMIT 6`,
  );
  expect(rows).toHaveLength(6);
  parcels = rows.map((row) => row.parcel_id);
  communeOf = new Map(rows.map((row) => [row.parcel_id, row.commune_id]));
});

afterAll(async () => {
  await fx?.close();
});

async function holding(parcelId: number): Promise<Holding> {
  const { rows } = await fx.pool.query(
    `SELECT r.id, p.full_name, c.serial_no, c.id AS certificate_id
     FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id
     JOIN registry.certificate c ON c.id = r.certificate_id
     WHERE r.parcel_id = $1 AND upper_inf(r.valid) AND r.right_kind = 'land_use'`,
    [parcelId],
  );
  expect(rows).toHaveLength(1);
  return {
    rightId: Number(rows[0].id),
    holder: rows[0].full_name,
    serialNo: rows[0].serial_no,
    certificateId: Number(rows[0].certificate_id),
  };
}

const applicant = {
  fullName: 'Huỳnh Văn Tâm',
  idNumber: '094088004321',
  address: '45 Lê Lợi, phường Sóc Trăng, thành phố Cần Thơ',
};

async function receive(
  procedure: string,
  parcelId: number,
): Promise<{ id: number; receiptCode: string }> {
  const created = await fx.call('officer.branch1', 'POST', '/api/dossiers', {
    procedure,
    communeId: communeOf.get(parcelId),
    parcelIds: [parcelId],
    applicant,
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, receiptCode: created.body.receiptCode };
}

const act = (id: number, action: string) =>
  fx.call('officer.branch1', 'POST', `/api/dossiers/${id}/actions/${action}`, {});

/**
 * The tax leg a procedure with financial obligations goes through before approval: sent
 * to the tax authority, its notice (recorded by the administrator in the tax office's
 * stead), and the payment the branch officer records from the citizen's receipt.
 */
async function settleTax(id: number) {
  expect((await act(id, 'send_to_tax')).body.state).toBe('at_tax');
  const day = now.toISOString().slice(0, 10);
  const notice = await fx.call('admin', 'POST', `/api/dossiers/${id}/actions/record_tax_notice`, {
    noticeNo: `TB-${id}`,
    amount: 2_500_000,
    noticeDate: day,
  });
  expect(notice.body.state).toBe('awaiting_payment');
  const paid = await fx.call(
    'officer.branch1',
    'POST',
    `/api/dossiers/${id}/actions/record_tax_payment`,
    { paymentRef: `BL-${id}`, paidOn: day },
  );
  expect(paid.body.state).toBe('in_progress');
}

const record = (id: number, body: unknown) =>
  fx.call('officer.branch1', 'PUT', `/api/dossiers/${id}/register-request`, body);

const register = (parcelId: number, at?: string) =>
  fx.call('officer.branch1', 'GET', `/api/parcels/${parcelId}/register${at ? `?at=${at}` : ''}`);

const recipient = (fullName: string, idNumber: string, share = 1) => ({
  fullName,
  idNumber,
  address: '8 Phú Lợi, phường Phú Lợi, thành phố Cần Thơ',
  share,
});

describe('approving a transfer', () => {
  it('closes the transferor’s right at approval, opens the recipient’s and endorses the certificate', async () => {
    const parcelId = parcels[0] as number;
    const before = await holding(parcelId);
    now = new Date('2027-05-03T02:00:00Z');
    const dossier = await receive('transfer', parcelId);

    const early = await fx.call(
      'officer.branch1',
      'GET',
      `/api/dossiers/${dossier.id}/register-preview`,
    );
    expect(early.status).toBe(409);
    expect(early.body.error.field).toBe('registerRequest');

    const badShares = await record(dossier.id, {
      recipients: [
        recipient('Trương Minh Khang', '094090012345', 0.5),
        recipient('Lê Thị Mai', '094190012346', 0.4),
      ],
      contract: { number: 'CN-2027/117', date: '2027-04-28' },
      certificate: { mode: 'endorse' },
    });
    expect(badShares.status).toBe(400);
    expect(badShares.body.error).toMatchObject({ field: 'recipients' });
    expect(badShares.body.error.message).toMatch(/shares must add up to 1 \(they add up to 0\.9\)/);
    const badId = await record(dossier.id, {
      recipients: [recipient('Trương Minh Khang', '09409001')],
      contract: { number: 'CN-2027/117', date: '2027-04-28' },
      certificate: { mode: 'endorse' },
    });
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('recipients.0.idNumber');

    const recorded = await record(dossier.id, {
      recipients: [recipient('Trương Minh Khang', '094090012345')],
      contract: { number: 'CN-2027/117', date: '2027-04-28' },
      certificate: { mode: 'endorse' },
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.preview.plan.closeRights).toEqual([
      expect.objectContaining({ rightId: before.rightId, holder: before.holder }),
    ]);
    expect(recorded.body.preview.plan.openRights).toEqual([
      expect.objectContaining({
        parcelId,
        share: 1,
        party: expect.objectContaining({ name: 'Trương Minh Khang' }),
      }),
    ]);

    expect((await act(dossier.id, 'start')).body.state).toBe('in_progress');
    await settleTax(dossier.id);
    now = new Date('2027-05-04T03:00:00Z');
    const approved = await act(dossier.id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');
    const changed = approved.body.events.find(
      (e: { kind: string }) => e.kind === 'register_changed',
    );
    expect(changed.data).toMatchObject({ rightsClosed: 1, rightsOpened: 1, endorsements: 1 });

    const after = await register(parcelId);
    expect(after.status).toBe(200);
    expect(after.body.rights).toEqual([
      expect.objectContaining({
        holder: expect.objectContaining({ name: 'Trương Minh Khang' }),
        rightKind: 'land_use',
        originOfUse: 'Nhận chuyển nhượng quyền sử dụng đất',
        certificateSerial: before.serialNo,
        validFrom: now.toISOString(),
        source: { kind: 'dossier', ref: dossier.receiptCode, dossierId: dossier.id },
      }),
    ]);
    const endorsements = after.body.certificates[0].endorsements;
    expect(endorsements.at(-1)).toMatchObject({
      dossierId: dossier.id,
      procedureCode: 'transfer',
      at: now.toISOString(),
    });
    expect(endorsements.at(-1).contentVi).toContain('Chuyển nhượng cho Trương Minh Khang');
    expect(endorsements.at(-1).contentVi).toContain('CN-2027/117');

    // "As of" the day before the approval, the transferor still holds it, until then.
    const dayBefore = await register(parcelId, '2027-05-03');
    expect(dayBefore.body.rights).toEqual([
      expect.objectContaining({
        id: before.rightId,
        holder: expect.objectContaining({ name: before.holder }),
        validTo: now.toISOString(),
      }),
    ]);
    expect(
      dayBefore.body.certificates[0].endorsements.map((e: { dossierId: number }) => e.dossierId),
    ).not.toContain(dossier.id);
    const closed = await fx.pool.query(
      'SELECT upper(valid) AS closed_at, closed_by_dossier_id FROM registry.parcel_right WHERE id = $1',
      [before.rightId],
    );
    expect(closed.rows[0]).toEqual({ closed_at: now, closed_by_dossier_id: dossier.id });
  });

  it('answers 409 to the second of two transfers of the same right and applies nothing of it', async () => {
    const parcelId = parcels[1] as number;
    const before = await holding(parcelId);
    now = new Date('2027-05-10T02:00:00Z');
    const first = await receive('transfer', parcelId);
    const second = await receive('gift', parcelId);
    const body = (name: string, idNumber: string) => ({
      recipients: [recipient(name, idNumber)],
      contract: { number: `HD-${idNumber.slice(-4)}`, date: '2027-05-07' },
      certificate: { mode: 'endorse' },
    });
    expect((await record(first.id, body('Phan Quốc Bảo', '094091000111'))).status).toBe(200);
    expect((await record(second.id, body('Đặng Thu Hà', '094191000222'))).status).toBe(200);
    await act(first.id, 'start');
    await act(second.id, 'start');
    await settleTax(first.id);
    await settleTax(second.id);

    now = new Date('2027-05-11T02:00:00Z');
    expect((await act(first.id, 'approve')).body.state).toBe('approved');
    const refused = await act(second.id, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.field).toBe('registerRequest');
    expect(refused.body.error.message).toContain(
      `right ${before.rightId} was closed by dossier ${first.receiptCode}`,
    );

    const detail = await fx.call('officer.branch1', 'GET', `/api/dossiers/${second.id}`);
    expect(detail.body.state).toBe('in_progress');
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).not.toContain(
      'register_changed',
    );
    const holders = await register(parcelId);
    expect(holders.body.rights.map((r: { holder: { name: string } }) => r.holder.name)).toEqual([
      'Phan Quốc Bảo',
    ]);
    const stray = await fx.pool.query(
      'SELECT count(*)::int AS n FROM registry.party WHERE id_number = $1',
      ['094191000222'],
    );
    expect(stray.rows[0].n).toBe(0);
    const endorsedBySecond = await fx.pool.query(
      'SELECT count(*)::int AS n FROM registry.certificate_endorsement WHERE dossier_id = $1',
      [second.id],
    );
    expect(endorsedBySecond.rows[0].n).toBe(0);
  });
});

describe('a mortgage', () => {
  it('shows as a restriction to staff only, stops a transfer, and its release closes it', async () => {
    const parcelId = parcels[2] as number;
    const before = await holding(parcelId);
    const creditor = 'Ngân hàng Thương mại Cổ phần Thử Nghiệm – Chi nhánh Sóc Trăng';
    now = new Date('2027-05-17T02:00:00Z');
    const mortgage = await receive('mortgage_registration', parcelId);
    const recorded = await record(mortgage.id, {
      creditor: { name: creditor },
      contract: { number: 'HDTC-2027-0099', date: '2027-05-14' },
      securedAmount: 800_000_000,
    });
    expect(recorded.status).toBe(200);
    await act(mortgage.id, 'start');
    now = new Date('2027-05-17T06:00:00Z');
    expect((await act(mortgage.id, 'approve')).body.state).toBe('approved');

    const staff = await register(parcelId);
    expect(staff.body.restrictions).toEqual([
      expect.objectContaining({
        rightId: before.rightId,
        kind: 'mortgage',
        creditorName: creditor,
        contractNo: 'HDTC-2027-0099',
        contractDate: '2027-05-14',
        securedAmount: 800_000_000,
        dossierId: mortgage.id,
      }),
    ]);
    // Nothing of it in the public answers about the parcel.
    for (const path of [
      `/api/public/parcels/${parcelId}`,
      `/ogc/collections/parcels/items/${parcelId}`,
      `/api/parcels/${parcelId}/register`,
    ]) {
      const response = await fetch(`${fx.base}${path}`);
      const text = await response.text();
      expect(text).not.toContain('HDTC-2027-0099');
      expect(text).not.toContain('Thử Nghiệm');
      expect(text).not.toContain(before.holder);
    }
    expect((await fetch(`${fx.base}/api/parcels/${parcelId}/register`)).status).toBe(401);

    // A transfer of the mortgaged right is refused when its data is recorded.
    const transfer = await receive('transfer', parcelId);
    const blocked = await record(transfer.id, {
      recipients: [recipient('Võ Thành Nam', '094092000333')],
      contract: { number: 'CN-2027/200', date: '2027-05-18' },
      certificate: { mode: 'endorse' },
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('mortgaged to');
    await act(transfer.id, 'withdraw');

    now = new Date('2027-05-24T02:00:00Z');
    const release = await receive('mortgage_release', parcelId);
    const unknown = await record(release.id, { contractNo: 'HDTC-0000' });
    expect(unknown.status).toBe(409);
    expect(unknown.body.error.field).toBe('contractNo');
    expect((await record(release.id, { contractNo: 'HDTC-2027-0099' })).status).toBe(200);
    await act(release.id, 'start');
    now = new Date('2027-05-24T04:00:00Z');
    expect((await act(release.id, 'approve')).body.state).toBe('approved');
    expect((await register(parcelId)).body.restrictions).toEqual([]);
    const whileMortgaged = await register(parcelId, '2027-05-20');
    expect(whileMortgaged.body.restrictions).toHaveLength(1);
    const endorsements = (await register(parcelId)).body.certificates[0].endorsements.map(
      (e: { dossierId: number }) => e.dossierId,
    );
    expect(endorsements).toEqual(expect.arrayContaining([mortgage.id, release.id]));
  });
});

describe('a change of land use', () => {
  it('writes a new parcel version with the new codes, sourced to the dossier', async () => {
    const parcelId = parcels[3] as number;
    const current = await fx.pool.query(
      `SELECT v.version_no, u.code, u.area::float8 AS area
       FROM cadastre.current_parcel v JOIN cadastre.parcel_land_use u ON u.version_id = v.version_id
       WHERE v.parcel_id = $1`,
      [parcelId],
    );
    const { version_no: versionNo, code, area } = current.rows[0];
    const newCode = code === 'ONT' ? 'CLN' : 'ONT';
    now = new Date('2027-05-26T02:00:00Z');
    const dossier = await receive('land_use_change', parcelId);
    const wrongTotal = await record(dossier.id, { landUses: [{ code: newCode, area: area + 5 }] });
    expect(wrongTotal.status).toBe(400);
    expect(wrongTotal.body.error.field).toBe('landUses');
    const residential = Math.round(area * 4) / 10;
    const uses = [
      { code: newCode, area: residential },
      { code, area: Math.round((area - residential) * 10) / 10 },
    ];
    expect((await record(dossier.id, { landUses: uses })).status).toBe(200);
    await act(dossier.id, 'start');
    await settleTax(dossier.id);
    now = new Date('2027-05-27T02:00:00Z');
    const approved = await act(dossier.id, 'approve');
    expect(approved.body.error).toBeUndefined();
    expect(approved.body.state).toBe('approved');

    const history = await fx.call('officer.branch1', 'GET', `/api/parcels/${parcelId}/history`);
    const latest = history.body.versions.at(-1);
    expect(latest.versionNo).toBe(versionNo + 1);
    expect(latest.landUses.map((u: { code: string; area: number }) => [u.code, u.area])).toEqual(
      uses.map((u) => [u.code, u.area]),
    );
    expect(latest.source).toEqual({
      kind: 'dossier',
      ref: dossier.receiptCode,
      dossierId: dossier.id,
    });
  });
});

describe('a certificate replacement and a change of holder details', () => {
  it('cancels the old serial, issues the new one and moves the right onto it; then reopens it under the new address', async () => {
    const parcelId = parcels[4] as number;
    const before = await holding(parcelId);
    now = new Date('2027-05-28T02:00:00Z');
    const replacement = await receive('certificate_replacement', parcelId);
    const taken = await record(replacement.id, {
      certificate: { serialNo: before.serialNo, registerNo: 'CS77001' },
    });
    expect(taken.status).toBe(200);
    // The serial is checked when approval writes it: an existing one is a 409 naming it.
    await act(replacement.id, 'start');
    const duplicate = await act(replacement.id, 'approve');
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('certificate.serialNo');
    expect(
      (
        await record(replacement.id, {
          certificate: { serialNo: 'DZ 770001', registerNo: 'CS77001' },
        })
      ).status,
    ).toBe(200);
    now = new Date('2027-05-28T04:00:00Z');
    expect((await act(replacement.id, 'approve')).body.state).toBe('approved');
    const old = await fx.pool.query(
      'SELECT cancel_reason, cancelled_at, cancelled_by_dossier_id FROM registry.certificate WHERE id = $1',
      [before.certificateId],
    );
    expect(old.rows[0]).toEqual({
      cancel_reason: 'replaced',
      cancelled_at: now,
      cancelled_by_dossier_id: replacement.id,
    });
    const replaced = await register(parcelId);
    expect(replaced.body.rights).toEqual([
      expect.objectContaining({
        holder: expect.objectContaining({ name: before.holder }),
        certificateSerial: 'DZ 770001',
      }),
    ]);
    expect(replaced.body.certificates).toEqual([
      expect.objectContaining({
        serialNo: 'DZ 770001',
        registerNo: 'CS77001',
        issuedOn: '2027-05-28',
      }),
    ]);
    const dayBefore = await register(parcelId, '2027-05-27');
    expect(dayBefore.body.certificates.map((c: { serialNo: string }) => c.serialNo)).toEqual([
      before.serialNo,
    ]);

    const partyId = replaced.body.rights[0].holder.partyId as number;
    now = new Date('2027-05-31T02:00:00Z');
    const change = await receive('holder_info_change', parcelId);
    expect(
      (await record(change.id, { partyId, address: '27 Mạc Đĩnh Chi, phường Phú Lợi' })).status,
    ).toBe(200);
    await act(change.id, 'start');
    now = new Date('2027-05-31T03:00:00Z');
    expect((await act(change.id, 'approve')).body.state).toBe('approved');
    const changed = await register(parcelId);
    expect(changed.body.rights).toEqual([
      expect.objectContaining({
        holder: expect.objectContaining({ name: before.holder }),
        certificateSerial: 'DZ 770001',
      }),
    ]);
    expect(changed.body.rights[0].holder.partyId).not.toBe(partyId);
    const address = await fx.pool.query('SELECT address FROM registry.party WHERE id = $1', [
      changed.body.rights[0].holder.partyId,
    ]);
    expect(address.rows[0].address).toBe('27 Mạc Đĩnh Chi, phường Phú Lợi');
    expect(changed.body.certificates[0].endorsements.at(-1).contentVi).toContain('27 Mạc Đĩnh Chi');
  });
});
