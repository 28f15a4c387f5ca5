import { invalidInput } from '../../core/errors/diagis_error';
import { conflict, newParty, type PlanContext, vnDate } from './plan_helpers';
import { type CertificateRef, emptyPlan, type RegisterPlan } from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

// First registration: rights for the applicants and a new certificate.
export function planFirstRegistration(
  request: RegisterRequest<'first_registration'>,
  state: RegisterState,
  _context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('first_registration');
  for (const parcel of state.parcels) {
    const held = state.rights.find(
      (right) => right.parcelId === parcel.parcelId && right.rightKind === 'land_use',
    );
    if (held) {
      throw conflict(
        'parcelIds',
        `parcel ${parcel.sheetNo}/${parcel.parcelNo} (id ${parcel.parcelId}) is already registered to ${held.party.fullName}`,
      );
    }
  }
  if (request.landUses && state.parcels.length !== 1) {
    throw invalidInput('landUses', 'can only be given for a dossier of one parcel');
  }
  const certificate: CertificateRef = { newSerialNo: request.certificate.serialNo };
  plan.issueCertificates.push({ ...request.certificate });
  const longTerm = request.term.kind === 'long_term';
  for (const parcel of state.parcels) {
    for (const holder of request.holders) {
      plan.openRights.push({
        parcelId: parcel.parcelId,
        party: newParty(holder),
        rightKind: 'land_use',
        share: holder.share,
        useTerm: longTerm
          ? 'Lâu dài'
          : `Đến ngày ${vnDate(request.term.kind === 'until' ? request.term.until : '')}`,
        termUntil: request.term.kind === 'until' ? request.term.until : null,
        originOfUse: request.originOfUse,
        certificate,
      });
    }
  }
  const parcel = state.parcels[0];
  if (request.landUses && parcel) {
    plan.landUseChanges.push({
      parcelId: parcel.parcelId,
      expectedVersionNo: parcel.versionNo,
      before: parcel.landUses,
      landUses: request.landUses,
    });
  }
  return plan;
}
