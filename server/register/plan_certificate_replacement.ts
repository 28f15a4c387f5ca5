import { certificatesOf, conflict, type PlanContext } from './plan_helpers';
import {
  type CancelReason,
  type CertificateRef,
  emptyPlan,
  type RegisterPlan,
} from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

// Certificate replacement and reissue after loss: the old serial cancelled, a new one issued.
export function planCertificateReplacement(
  request: RegisterRequest<'certificate_replacement'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('certificate_replacement');
  const certified = state.rights.filter((right) => right.certificateId !== null);
  const old = certificatesOf(certified);
  if (old.length === 0) {
    throw conflict('parcelIds', "the dossier's parcels have no certificate in force to replace");
  }
  const reason: CancelReason = context.procedureCode === 'reissue_after_loss' ? 'lost' : 'replaced';
  const fresh: CertificateRef = { newSerialNo: request.certificate.serialNo };
  plan.issueCertificates.push({ ...request.certificate });
  for (const certificate of old) {
    if ('certificateId' in certificate) plan.cancelCertificates.push({ ...certificate, reason });
  }
  for (const right of certified) {
    plan.closeRights.push({
      rightId: right.id,
      parcelId: right.parcelId,
      holder: right.party.fullName,
      rightKind: right.rightKind,
    });
    plan.openRights.push({
      parcelId: right.parcelId,
      party: { partyId: right.partyId, name: right.party.fullName },
      rightKind: right.rightKind === 'lease' ? 'lease' : 'land_use',
      share: right.share,
      useTerm: right.useTerm,
      termUntil: right.termUntil,
      originOfUse: right.originOfUse,
      certificate: fresh,
    });
  }
  return plan;
}
