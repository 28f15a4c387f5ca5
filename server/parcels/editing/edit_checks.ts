// What every parcel edit does before it writes: lock, check the boundary, carry land uses.
import { lockEditArea } from './area_locks';
import type { LandUseInput } from './attribute_rules';
import {
  assertNoPendingEdit,
  type CurrentParcel,
  lockAtVersions,
  readCurrent,
} from './current_parcels';
import type { EditContext, ParcelAtVersion } from './edit_context';
import { type Ewkb, overlapViolations, shapeViolations, snapToNeighbours } from './edit_geometry';
import type { Violation } from './rule_violation';

/** A boundary a parcel would get, already in its zone plane. */
export interface PlannedBoundary {
  geometry: Ewkb;
  snap: boolean;
}

/**
 * The topology rules for one new boundary: valid shape, no sliver, snapped to neighbours
 * within the tolerance (when asked), no overlap wider than the tolerance with any current
 * parcel except those the edit replaces. Returns the boundary to store and what broke.
 */
export async function checkBoundary(
  ctx: EditContext,
  planned: PlannedBoundary,
  replaced: readonly number[],
  parcelId: number | null,
  label: string,
): Promise<{ geometry: Ewkb; violations: Violation[] }> {
  const { overlapTolerance, sliverWidth } = ctx.rules;
  const shape = await shapeViolations(ctx.client, planned.geometry, parcelId, sliverWidth, label);
  if (shape.length > 0) return { geometry: planned.geometry, violations: shape };
  const geometry = planned.snap
    ? await snapToNeighbours(ctx.client, planned.geometry, replaced, overlapTolerance)
    : planned.geometry;
  if (geometry !== planned.geometry) {
    const snapped = await shapeViolations(ctx.client, geometry, parcelId, sliverWidth, label);
    if (snapped.length > 0)
      return {
        geometry,
        violations: snapped.map((v) => ({
          ...v,
          message: `after snapping to neighbours, ${v.message}`,
        })),
      };
  }
  const overlaps = await overlapViolations(
    ctx.client,
    geometry,
    replaced,
    overlapTolerance,
    label,
    parcelId,
  );
  return { geometry, violations: overlaps };
}

export const atVersion = (parcel: CurrentParcel): ParcelAtVersion => ({
  parcelId: parcel.parcelId,
  versionNo: parcel.versionNo,
});

/** Reads the parcels unlocked, locks the area they and `more` cover, then locks them at their versions. */
export async function lockParcels(
  ctx: EditContext,
  expected: readonly ParcelAtVersion[],
  more: readonly Ewkb[] = [],
): Promise<CurrentParcel[]> {
  const seen = await readCurrent(
    ctx.client,
    expected.map((parcel) => parcel.parcelId),
  );
  await lockEditArea(
    ctx.client,
    [...seen.map((parcel) => parcel.geometry), ...more],
    ctx.rules.overlapTolerance * 2,
  );
  const current = await lockAtVersions(ctx.client, expected);
  await assertNoPendingEdit(
    ctx.client,
    expected.map((parcel) => parcel.parcelId),
    ctx.source.dossierId ?? null,
  );
  return current;
}

/** Land uses for a new parcel of `area` when the request gives none: the parents' single use. */
export function inheritedLandUses(
  parents: readonly CurrentParcel[],
  area: number,
  label: string,
  parcelId: number | null,
): { landUses: LandUseInput[]; violations: Violation[] } {
  const codes = new Set(parents.flatMap((parent) => parent.landUses.map((use) => use.code)));
  const [only] = [...codes];
  if (codes.size === 1 && only)
    return { landUses: [{ code: only, area: Math.round(area * 10) / 10 }], violations: [] };
  return {
    landUses: [],
    violations: [
      {
        rule: 'attributes.land_use_code',
        parcelId,
        message: `${label}: the source parcels have ${codes.size === 0 ? 'no' : 'several'} land uses (${[...codes].join(', ')}); give landUses for it`,
      },
    ],
  };
}
