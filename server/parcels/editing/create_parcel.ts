import { lockEditArea } from './area_locks';
import { type LandUseInput, landUseViolations, numberViolations } from './attribute_rules';
import { withinCheckBudget } from './check_budget';
import { checkBoundary } from './edit_checks';
import type { EditContext, EditOutcome } from './edit_context';
import { describeGeometry, type Ewkb } from './edit_geometry';
import { insertParcel } from './parcel_writes';
import { assertNoViolations } from './rule_violation';

export interface CreateInput {
  communeId: number;
  sheetNo: number;
  parcelNo: number;
  zoneSrid: number;
  mapSheetId: number | null;
  geometry: Ewkb;
  snap: boolean;
  landUses: LandUseInput[];
  legalArea?: number | null;
  landAddress?: string | null;
}

/** POST /parcels: a new parcel where there was none. */
export async function createParcel(ctx: EditContext, input: CreateInput): Promise<EditOutcome> {
  await lockEditArea(ctx.client, [input.geometry], ctx.rules.overlapTolerance * 2);
  const label = `new parcel (sheet ${input.sheetNo}, no. ${input.parcelNo})`;
  const checked = await withinCheckBudget(ctx, { field: 'geometry', label, parcelId: null }, () =>
    checkBoundary(ctx, { geometry: input.geometry, snap: input.snap }, [], null, label),
  );
  const violations = [
    ...checked.violations,
    ...(await landUseViolations(ctx.client, input.landUses, null, label)),
    ...(await numberViolations(
      ctx.client,
      [{ communeId: input.communeId, sheetNo: input.sheetNo, parcelNo: input.parcelNo, label }],
      [],
      null,
    )),
  ];
  assertNoViolations(violations);
  const created = await insertParcel(
    ctx.client,
    { ...input, geometry: checked.geometry },
    { at: ctx.at, source: ctx.source, reason: ctx.reason, authorId: ctx.authorId },
  );
  const preview = await describeGeometry(ctx.client, checked.geometry);
  const { snap: _snap, ...stored } = input;
  return {
    kind: 'create',
    base: [],
    retired: [],
    written: [{ parcelId: created.parcelId, versionNo: 1 }],
    preview: [{ parcelId: created.parcelId, geometry: preview.geojson, area: preview.area }],
    replay: { kind: 'create', ...stored, geometry: checked.geometry },
  };
}
