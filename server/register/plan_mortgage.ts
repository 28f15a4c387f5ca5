import {
  certificatesOf,
  conflict,
  landUseRightsByParcel,
  type PlanContext,
  vnDate,
} from './plan_helpers';
import { emptyPlan, type RegisterPlan } from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

// Mortgage registration and its release (thế chấp, xóa thế chấp).
export function planMortgage(
  request: RegisterRequest<'mortgage'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('mortgage');
  const rights = [...landUseRightsByParcel(state, 'mortgage').values()].flat();
  const same = state.restrictions.find((r) => r.contractNo === request.contract.number);
  if (same) {
    throw conflict(
      'contract.number',
      `contract ${request.contract.number} is already registered on parcel id ${same.parcelId}`,
    );
  }
  for (const right of rights) {
    plan.addRestrictions.push({
      rightId: right.id,
      parcelId: right.parcelId,
      kind: 'mortgage',
      creditorName: request.creditor.name,
      creditorIdNumber: request.creditor.idNumber ?? null,
      contractNo: request.contract.number,
      contractDate: request.contract.date,
      securedAmount: request.securedAmount ?? null,
    });
  }
  const contentVi = `Thế chấp tại ${request.creditor.name} theo hợp đồng số ${request.contract.number} ngày ${vnDate(request.contract.date)}; hồ sơ ${context.receiptCode}`;
  const contentEn = `Mortgaged to ${request.creditor.name} under contract ${request.contract.number} of ${request.contract.date}; dossier ${context.receiptCode}`;
  for (const certificate of certificatesOf(rights))
    plan.endorsements.push({ certificate, contentVi, contentEn });
  return plan;
}

export function planMortgageRelease(
  request: RegisterRequest<'mortgage_release'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('mortgage_release');
  const released = state.restrictions.filter((r) => r.contractNo === request.contractNo);
  if (released.length === 0) {
    throw conflict(
      'contractNo',
      `no mortgage in force on the dossier's parcels has contract ${request.contractNo}`,
    );
  }
  for (const r of released) {
    plan.closeRestrictions.push({
      restrictionId: r.id,
      parcelId: r.parcelId,
      contractNo: r.contractNo,
    });
  }
  const rightIds = new Set(released.map((r) => r.rightId));
  const contentVi = `Xóa đăng ký thế chấp theo hợp đồng số ${request.contractNo}; hồ sơ ${context.receiptCode}`;
  const contentEn = `Mortgage under contract ${request.contractNo} released; dossier ${context.receiptCode}`;
  for (const certificate of certificatesOf(state.rights.filter((r) => rightIds.has(r.id)))) {
    plan.endorsements.push({ certificate, contentVi, contentEn });
  }
  return plan;
}
