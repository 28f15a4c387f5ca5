import {
  certificatesOf,
  landUseRightsByParcel,
  names,
  newParty,
  type PlanContext,
  refuseIfMortgaged,
  vnDate,
} from './plan_helpers';
import {
  type CertificateRef,
  emptyPlan,
  type RegisterPlan,
  type RightToOpen,
} from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { OpenRight, RegisterState } from './register_state';

// Transfer, gift, inheritance and capital contribution: the right passes; and lease.
/** Where a recipient's use comes from, by procedure (nguồn gốc sử dụng). */
const originByProcedure: Record<string, string> = {
  transfer: 'Nhận chuyển nhượng quyền sử dụng đất',
  gift: 'Nhận tặng cho quyền sử dụng đất',
  inheritance: 'Nhận thừa kế quyền sử dụng đất',
  capital_contribution: 'Nhận góp vốn bằng quyền sử dụng đất',
};

const transferWords: Record<string, { vi: string; en: string }> = {
  transfer: { vi: 'Chuyển nhượng cho', en: 'Transferred to' },
  gift: { vi: 'Tặng cho', en: 'Given to' },
  inheritance: { vi: 'Để thừa kế cho', en: 'Inherited by' },
  capital_contribution: { vi: 'Góp vốn cho', en: 'Contributed as capital to' },
};

export function planTransfer(
  request: RegisterRequest<'transfer'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('transfer');
  const byParcel = landUseRightsByParcel(state, 'transfer');
  const closing = [...byParcel.values()].flat();
  refuseIfMortgaged(state, closing);
  const oldCertificates = certificatesOf(closing);
  const words = transferWords[context.procedureCode] ?? { vi: 'Chuyển quyền cho', en: 'Passed to' };
  let certificateFor: (rights: OpenRight[]) => CertificateRef | null;
  if (request.certificate.mode === 'new') {
    const fresh: CertificateRef = { newSerialNo: request.certificate.serialNo };
    plan.issueCertificates.push({
      serialNo: request.certificate.serialNo,
      registerNo: request.certificate.registerNo,
    });
    for (const old of oldCertificates) {
      if ('certificateId' in old) {
        plan.cancelCertificates.push({ ...old, reason: 'transferred' });
      }
    }
    certificateFor = () => fresh;
  } else {
    certificateFor = (rights) => certificatesOf(rights)[0] ?? null;
    const contentVi = `${words.vi} ${names(request.recipients)} theo hợp đồng số ${request.contract.number} ngày ${vnDate(request.contract.date)}; hồ sơ ${context.receiptCode}`;
    const contentEn = `${words.en} ${names(request.recipients)} under contract ${request.contract.number} of ${request.contract.date}; dossier ${context.receiptCode}`;
    for (const certificate of oldCertificates)
      plan.endorsements.push({ certificate, contentVi, contentEn });
  }
  for (const [parcelId, rights] of byParcel) {
    for (const right of rights) {
      plan.closeRights.push({
        rightId: right.id,
        parcelId,
        holder: right.party.fullName,
        rightKind: right.rightKind,
      });
    }
    const first = rights[0];
    for (const recipient of request.recipients) {
      plan.openRights.push({
        parcelId,
        party: newParty(recipient),
        rightKind: 'land_use',
        share: recipient.share,
        useTerm: first?.useTerm ?? null,
        termUntil: first?.termUntil ?? null,
        originOfUse: originByProcedure[context.procedureCode] ?? 'Nhận chuyển quyền sử dụng đất',
        certificate: certificateFor(rights),
      });
    }
  }
  return plan;
}

export function planLease(
  request: RegisterRequest<'lease'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('lease');
  const byParcel = landUseRightsByParcel(state, 'lease out');
  for (const [parcelId] of byParcel) {
    for (const lessee of request.lessees) {
      const opened: RightToOpen = {
        parcelId,
        party: newParty(lessee),
        rightKind: 'lease',
        share: lessee.share,
        useTerm: `Đến ngày ${vnDate(request.termUntil)}`,
        termUntil: request.termUntil,
        originOfUse: 'Thuê quyền sử dụng đất',
        certificate: null,
      };
      plan.openRights.push(opened);
    }
  }
  const contentVi = `Cho ${names(request.lessees)} thuê đến ngày ${vnDate(request.termUntil)} theo hợp đồng số ${request.contract.number} ngày ${vnDate(request.contract.date)}; hồ sơ ${context.receiptCode}`;
  const contentEn = `Leased to ${names(request.lessees)} until ${request.termUntil} under contract ${request.contract.number} of ${request.contract.date}; dossier ${context.receiptCode}`;
  for (const certificate of certificatesOf([...byParcel.values()].flat())) {
    plan.endorsements.push({ certificate, contentVi, contentEn });
  }
  return plan;
}
