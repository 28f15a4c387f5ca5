import { HttpError } from '../../http/http_error';
import { reviseParcel } from '../parcel_versions';
import { type LandUseInput, landUseViolations, numberViolations } from './attribute_rules';
import { withinCheckBudget } from './check_budget';
import { atVersion, checkBoundary, lockParcels } from './edit_checks';
import type { EditContext, EditOutcome, ParcelAtVersion } from './edit_context';
import { describeGeometry, type Ewkb } from './edit_geometry';
import { assertNoViolations, type Violation } from './rule_violation';

export interface ParcelChangeInput {
  parcel: ParcelAtVersion;
  /** New boundary in the parcel's zone plane (see areaInZone). */
  geometry?: Ewkb;
  snap: boolean;
  sheetNo?: number;
  parcelNo?: number;
  legalArea?: number | null;
  landAddress?: string | null;
  landUses?: LandUseInput[];
}

/** PATCH: a new version of one parcel with a new boundary and/or attributes. */
export async function editParcel(ctx: EditContext, input: ParcelChangeInput): Promise<EditOutcome> {
  const [current] = await lockParcels(ctx, [input.parcel], input.geometry ? [input.geometry] : []);
  if (!current) throw new Error('lockParcels returned nothing');
  const label = `parcel ${current.parcelId}`;
  const violations: Violation[] = [];
  let geometry = current.geometry;
  const sent = input.geometry;
  if (sent) {
    const checked = await withinCheckBudget(
      ctx,
      { field: 'geometry', label, parcelId: current.parcelId },
      () =>
        checkBoundary(
          ctx,
          { geometry: sent, snap: input.snap },
          [current.parcelId],
          current.parcelId,
          label,
        ),
    );
    geometry = checked.geometry;
    violations.push(...checked.violations);
  }
  if (input.landUses)
    violations.push(
      ...(await landUseViolations(ctx.client, input.landUses, current.parcelId, label)),
    );
  if (input.sheetNo !== undefined || input.parcelNo !== undefined) {
    violations.push(
      ...(await numberViolations(
        ctx.client,
        [
          {
            communeId: current.communeId,
            sheetNo: input.sheetNo ?? current.sheetNo,
            parcelNo: input.parcelNo ?? current.parcelNo,
            label,
          },
        ],
        [current.parcelId],
        current.parcelId,
      )),
    );
  }
  assertNoViolations(violations);
  const written = await reviseParcel(ctx.client, {
    parcelId: current.parcelId,
    expectedVersionNo: current.versionNo,
    changes: {
      ...(input.geometry ? { geometryEwkb: geometry } : {}),
      ...(input.sheetNo !== undefined ? { sheetNo: input.sheetNo } : {}),
      ...(input.parcelNo !== undefined ? { parcelNo: input.parcelNo } : {}),
      ...('legalArea' in input ? { legalArea: input.legalArea ?? null } : {}),
      ...('landAddress' in input ? { landAddress: input.landAddress ?? null } : {}),
      ...(input.landUses ? { landUses: input.landUses } : {}),
    },
    source: ctx.source,
    reason: ctx.reason,
    authorId: ctx.authorId,
    at: ctx.at,
  });
  const preview = await describeGeometry(ctx.client, geometry);
  const { snap: _snap, geometry: _sent, ...attributes } = input;
  return {
    kind: 'edit',
    base: [atVersion(current)],
    retired: [],
    written: [{ parcelId: written.parcelId, versionNo: written.versionNo }],
    preview: [{ parcelId: current.parcelId, geometry: preview.geojson, area: preview.area }],
    replay: { kind: 'edit', ...attributes, ...(input.geometry ? { geometry } : {}) },
  };
}

/** POST /parcels/{id}/undo: a new version that restores the one before the current. */
export async function undoParcel(ctx: EditContext, parcel: ParcelAtVersion): Promise<EditOutcome> {
  const [current] = await lockParcels(ctx, [parcel]);
  if (!current) throw new Error('lockParcels returned nothing');
  if (current.versionNo < 2)
    throw new HttpError(
      409,
      `parcel ${current.parcelId} has no earlier version to return to (version 1 came from a survey, an import, a split or a merge)`,
    );
  const { rows } = await ctx.client.query(
    `SELECT v.sheet_no, v.parcel_no, v.legal_area, v.land_address, encode(ST_AsEWKB(v.geom), 'hex') AS geom,
            (SELECT coalesce(json_agg(json_build_object('code', lu.code, 'area', lu.area, 'originalCode', lu.original_code)
                                      ORDER BY lu.seq), '[]')
               FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id) AS land_uses
     FROM cadastre.parcel_version v
     WHERE v.parcel_id = $1 AND v.version_no = $2 AND v.status = 'committed'`,
    [current.parcelId, current.versionNo - 1],
  );
  const previous = rows[0];
  if (!previous)
    throw new Error(`version ${current.versionNo - 1} of ${current.parcelId} is missing`);
  return editParcel(
    { ...ctx, source: { kind: 'undo', ref: `v${current.versionNo}` } },
    {
      parcel: atVersion(current),
      geometry: String(previous.geom),
      snap: false,
      sheetNo: Number(previous.sheet_no),
      parcelNo: Number(previous.parcel_no),
      legalArea: previous.legal_area === null ? null : Number(previous.legal_area),
      landAddress: previous.land_address,
      landUses: (previous.land_uses as LandUseInput[]).map((use) => ({
        ...use,
        area: Number(use.area),
      })),
    },
  ).then((outcome) => ({ ...outcome, kind: 'undo' as const }));
}
