import { certificatesOf, conflict, type PlanContext } from './plan_helpers';
import { emptyPlan, type RegisterPlan } from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

// A change of the holder's information: the same rights under the new details.
export function planHolderInfoChange(
  request: RegisterRequest<'holder_info_change'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('holder_info_change');
  const rights = state.rights.filter((right) => right.partyId === request.partyId);
  const first = rights[0];
  if (!first) {
    throw conflict(
      'partyId',
      `party ${request.partyId} holds no right in force on the dossier's parcels`,
    );
  }
  const old = first.party;
  const changed = {
    kind: old.kind as 'person' | 'household' | 'organisation',
    fullName: request.fullName ?? old.fullName,
    idKind: (request.idKind ?? old.idKind ?? 'cccd') as 'cccd',
    idNumber: request.idNumber ?? old.idNumber ?? '',
    address: request.address ?? old.address ?? '',
    birthYear: old.birthYear ?? undefined,
  };
  for (const right of rights) {
    plan.closeRights.push({
      rightId: right.id,
      parcelId: right.parcelId,
      holder: old.fullName,
      rightKind: right.rightKind,
    });
    plan.openRights.push({
      parcelId: right.parcelId,
      party: { newParty: changed, name: changed.fullName },
      rightKind: right.rightKind === 'lease' ? 'lease' : 'land_use',
      share: right.share,
      useTerm: right.useTerm,
      termUntil: right.termUntil,
      originOfUse: right.originOfUse,
      certificate:
        right.certificateId === null
          ? null
          : { certificateId: right.certificateId, serialNo: right.certificateSerial ?? '' },
    });
  }
  const what = [
    request.fullName ? `họ tên: ${request.fullName}` : '',
    request.idNumber ? `giấy tờ nhân thân: ${request.idNumber}` : '',
    request.address ? `địa chỉ: ${request.address}` : '',
  ].filter(Boolean);
  const whatEn = [
    request.fullName ? `name: ${request.fullName}` : '',
    request.idNumber ? `identity document: ${request.idNumber}` : '',
    request.address ? `address: ${request.address}` : '',
  ].filter(Boolean);
  for (const certificate of certificatesOf(rights)) {
    plan.endorsements.push({
      certificate,
      contentVi: `Thay đổi thông tin người sử dụng đất ${old.fullName} (${what.join('; ')}); hồ sơ ${context.receiptCode}`,
      contentEn: `Holder ${old.fullName} changed (${whatEn.join('; ')}); dossier ${context.receiptCode}`,
    });
  }
  return plan;
}
