import { describe, expect, it } from 'vitest';
import { DiagisError } from '../../core/errors/diagis_error';
import { planEffect } from '../../server/register/plan_effect';
import { registerRequestSchemas } from '../../server/register/register_request_schema';
import type { OpenRight, RegisterState } from '../../server/register/register_state';

// The planners are plain functions of the request and the register as it stands: checked
// here on small hand-made registers, without a database.

const party = (fullName: string) => ({
  kind: 'person',
  fullName,
  idKind: 'cccd',
  idNumber: '094080000001',
  address: 'phường Sóc Trăng',
  birthYear: 1970,
});

const right = (
  id: number,
  parcelId: number,
  fullName: string,
  certificateId: number | null,
): OpenRight => ({
  id,
  parcelId,
  partyId: id * 10,
  party: party(fullName),
  rightKind: 'land_use',
  share: 1,
  useTerm: 'Lâu dài',
  termUntil: null,
  originOfUse: 'Nhà nước công nhận quyền sử dụng đất',
  certificateId,
  certificateSerial: certificateId === null ? null : `AB ${String(certificateId).padStart(6, '0')}`,
});

const parcel = (parcelId: number) => ({
  parcelId,
  versionNo: 3,
  sheetNo: 12,
  parcelNo: parcelId,
  landUses: [{ code: 'ONT', area: 200 }],
});

const context = (procedureCode: string) => ({
  procedureCode,
  receiptCode: 'HS-TEST-TEST-TEST-TEST',
});
const holder = (fullName: string, idNumber: string, share = 1) => ({
  fullName,
  idNumber,
  address: 'xã Đại Tâm, thành phố Cần Thơ',
  share,
});

/** The request as the route stores it: parsed by the effect's schema. */
const parsed = (effect: keyof typeof registerRequestSchemas, body: unknown) =>
  registerRequestSchemas[effect].parse(body);

describe('first registration', () => {
  const empty: RegisterState = { parcels: [parcel(1)], rights: [], restrictions: [] };
  const request = parsed('first_registration', {
    holders: [
      holder('Lý Văn Phúc', '094070000010', 0.5),
      holder('Lý Thị Diễm', '094170000011', 0.5),
    ],
    originOfUse: 'Công nhận quyền sử dụng đất như giao đất không thu tiền',
    term: { kind: 'until', until: '2074-07-01' },
    certificate: { serialNo: 'DA 123456', registerNo: 'CS09999' },
  });

  it('opens a right per holder with their share, term and origin, on one new certificate', () => {
    const plan = planEffect('first_registration', request, empty, context('first_registration'));
    expect(plan.issueCertificates).toEqual([{ serialNo: 'DA 123456', registerNo: 'CS09999' }]);
    expect(plan.openRights).toEqual([
      expect.objectContaining({
        parcelId: 1,
        share: 0.5,
        termUntil: '2074-07-01',
        useTerm: 'Đến ngày 01/07/2074',
      }),
      expect.objectContaining({ parcelId: 1, share: 0.5, termUntil: '2074-07-01' }),
    ]);
    expect(plan.openRights.map((r) => r.certificate)).toEqual([
      { newSerialNo: 'DA 123456' },
      { newSerialNo: 'DA 123456' },
    ]);
    expect(plan.closeRights).toEqual([]);
  });

  it('refuses a parcel that already has a holder (409)', () => {
    const held: RegisterState = { ...empty, rights: [right(5, 1, 'Trần Văn Bé', 7)] };
    expect(() =>
      planEffect('first_registration', request, held, context('first_registration')),
    ).toThrow(expect.objectContaining({ code: 'conflict', field: 'parcelIds' }));
  });
});

describe('certificate replacement and reissue', () => {
  const state: RegisterState = {
    parcels: [parcel(2)],
    rights: [right(8, 2, 'Châu Văn Sơn', 70)],
    restrictions: [],
  };
  const request = parsed('certificate_replacement', {
    certificate: { serialNo: 'DB 654321', registerNo: 'CS10000' },
  });

  it('cancels the old certificate as lost after a loss, and moves the right onto the new one', () => {
    const plan = planEffect(
      'certificate_replacement',
      request,
      state,
      context('reissue_after_loss'),
    );
    expect(plan.cancelCertificates).toEqual([
      { certificateId: 70, serialNo: 'AB 000070', reason: 'lost' },
    ]);
    expect(plan.closeRights.map((r) => r.rightId)).toEqual([8]);
    expect(plan.openRights).toEqual([
      expect.objectContaining({
        party: { partyId: 80, name: 'Châu Văn Sơn' },
        certificate: { newSerialNo: 'DB 654321' },
      }),
    ]);
  });

  it('cancels it as replaced for a replacement', () => {
    const plan = planEffect(
      'certificate_replacement',
      request,
      state,
      context('certificate_replacement'),
    );
    expect(plan.cancelCertificates[0]?.reason).toBe('replaced');
  });
});

describe('transfer with a new certificate, lease and holder change', () => {
  const state: RegisterState = {
    parcels: [parcel(3)],
    rights: [right(9, 3, 'Mai Văn Tư', 90)],
    restrictions: [],
  };

  it('cancels the transferor’s certificate as transferred when a new one is issued', () => {
    const request = parsed('transfer', {
      recipients: [holder('Ngô Thanh Tùng', '094085000012')],
      contract: { number: 'CN-1', date: '2027-01-05' },
      certificate: { mode: 'new', serialNo: 'DC 111222', registerNo: 'CS10001' },
    });
    const plan = planEffect('transfer', request, state, context('gift'));
    expect(plan.cancelCertificates).toEqual([
      { certificateId: 90, serialNo: 'AB 000090', reason: 'transferred' },
    ]);
    expect(plan.endorsements).toEqual([]);
    expect(plan.openRights[0]).toMatchObject({
      originOfUse: 'Nhận tặng cho quyền sử dụng đất',
      certificate: { newSerialNo: 'DC 111222' },
    });
  });

  it('opens a lease right until the lease ends and endorses the holder’s certificate', () => {
    const request = parsed('lease', {
      lessees: [holder('Công ty TNHH Thử Nghiệm', '094085000013')],
      contract: { number: 'HDT-7', date: '2027-02-01' },
      termUntil: '2032-01-31',
    });
    const plan = planEffect('lease', request, state, context('lease'));
    expect(plan.closeRights).toEqual([]);
    expect(plan.openRights).toEqual([
      expect.objectContaining({ rightKind: 'lease', termUntil: '2032-01-31', certificate: null }),
    ]);
    expect(plan.endorsements).toEqual([
      expect.objectContaining({ certificate: { certificateId: 90, serialNo: 'AB 000090' } }),
    ]);
    expect(plan.endorsements[0]?.contentVi).toContain('thuê đến ngày 31/01/2032');
  });

  it('reopens the holder’s rights under the new details on the same certificate', () => {
    const request = parsed('holder_info_change', {
      partyId: 90,
      address: '15 Lê Duẩn, phường Phú Lợi',
    });
    const plan = planEffect('holder_info_change', request, state, context('holder_info_change'));
    expect(plan.closeRights.map((r) => r.rightId)).toEqual([9]);
    expect(plan.openRights[0]).toMatchObject({
      party: {
        newParty: {
          fullName: 'Mai Văn Tư',
          address: '15 Lê Duẩn, phường Phú Lợi',
          idNumber: '094080000001',
        },
      },
      certificate: { certificateId: 90 },
    });
    const stranger = parsed('holder_info_change', { partyId: 12345, address: '1 Hai Bà Trưng' });
    expect(() =>
      planEffect('holder_info_change', stranger, state, context('holder_info_change')),
    ).toThrow(DiagisError);
  });
});

describe('the request schemas', () => {
  it('names the field and the rule', () => {
    const result = registerRequestSchemas.mortgage.safeParse({
      creditor: { name: 'N' },
      contract: { number: 'HD-1', date: '2027-02-30' },
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['creditor.name', 'must be 2-200 characters'],
        ['contract.date', 'must be a real date'],
      ]),
    );
  });
});
