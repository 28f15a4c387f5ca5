import { invalidInput } from '../../core/errors/diagis_error';
import { certificatesOf, type PlanContext } from './plan_helpers';
import { emptyPlan, type RegisterPlan } from './register_plan';
import type { RegisterRequest } from './register_request_schema';
import type { RegisterState } from './register_state';

// A change of land use: new codes and areas as a new parcel version.
/** Tolerance between the new land uses' total and the parcel's (m², one decimal recorded). */
const AREA_TOLERANCE = 0.1;

export function planLandUseChange(
  request: RegisterRequest<'land_use_change'>,
  state: RegisterState,
  context: PlanContext,
): RegisterPlan {
  const plan = emptyPlan('land_use_change');
  const parcel = state.parcels[0];
  if (!parcel || state.parcels.length !== 1) {
    throw invalidInput('parcelIds', 'a change of land use names exactly one parcel');
  }
  const before = parcel.landUses.reduce((sum, use) => sum + use.area, 0);
  const after = request.landUses.reduce((sum, use) => sum + use.area, 0);
  if (Math.abs(before - after) > AREA_TOLERANCE) {
    throw invalidInput(
      'landUses',
      `the areas must add up to the parcel's ${before.toFixed(1)} m² (they add up to ${after.toFixed(1)} m²)`,
    );
  }
  plan.landUseChanges.push({
    parcelId: parcel.parcelId,
    expectedVersionNo: parcel.versionNo,
    before: parcel.landUses,
    landUses: request.landUses,
  });
  const codes = request.landUses.map((use) => `${use.code} ${use.area.toFixed(1)} m²`).join(', ');
  const rights = state.rights.filter((right) => right.parcelId === parcel.parcelId);
  for (const certificate of certificatesOf(rights)) {
    plan.endorsements.push({
      certificate,
      contentVi: `Chuyển mục đích sử dụng đất thành ${codes}; hồ sơ ${context.receiptCode}`,
      contentEn: `Land use changed to ${codes}; dossier ${context.receiptCode}`,
    });
  }
  return plan;
}
