import { DiagisError } from '../../core/errors/diagis_error';
import { planCertificateReplacement } from './plan_certificate_replacement';
import { planFirstRegistration } from './plan_first_registration';
import type { PlanContext } from './plan_helpers';
import { planHolderInfoChange } from './plan_holder_change';
import { planLandUseChange } from './plan_land_use_change';
import { planMortgage, planMortgageRelease } from './plan_mortgage';
import { planLease, planTransfer } from './plan_transfer';
import type { RegisterPlan } from './register_plan';
import type { RegisterEffect, RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

export type { PlanContext };

/**
 * The register changes that approving the dossier makes: a plain function of the effect,
 * the recorded request and the register as it stands. Throws a `conflict` DiagisError
 * when the effect can no longer apply (a right closed meanwhile, a mortgage in the way).
 */
export function planEffect(
  effect: RegisterEffect,
  request: unknown,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  if (state.parcels.length === 0) {
    throw new DiagisError('conflict', 'parcelIds: the dossier names no current parcel', {
      field: 'parcelIds',
    });
  }
  const planners: { [E in RegisterEffect]: (r: RegisterRequest<E>) => RegisterPlan } = {
    first_registration: (r) => planFirstRegistration(r, state, context),
    transfer: (r) => planTransfer(r, state, context),
    lease: (r) => planLease(r, state, context),
    mortgage: (r) => planMortgage(r, state, context),
    mortgage_release: (r) => planMortgageRelease(r, state, context),
    holder_info_change: (r) => planHolderInfoChange(r, state, context),
    certificate_replacement: (r) => planCertificateReplacement(r, state, context),
    land_use_change: (r) => planLandUseChange(r, state, context),
  };
  const planner = planners[effect] as (r: unknown) => RegisterPlan;
  return planner(request);
}
