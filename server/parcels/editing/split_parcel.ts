import {
  type LandUseInput,
  landUseViolations,
  nextParcelNumbers,
  numberViolations,
} from './attribute_rules';
import { withinCheckBudget } from './check_budget';
import type { CurrentParcel } from './current_parcels';
import { atVersion, checkBoundary, inheritedLandUses, lockParcels } from './edit_checks';
import type { EditContext, EditOutcome, ParcelAtVersion } from './edit_context';
import { describeGeometry, type Ewkb } from './edit_geometry';
import { carryRights, insertLineage, insertParcel, retireParcel } from './parcel_writes';
import { assertNoViolations, type Violation } from './rule_violation';

export interface ChildInput {
  parcelNo?: number | undefined;
  landUses?: LandUseInput[] | undefined;
}

/**
 * Splits one parcel into parts that cover it exactly: the parent is retired, each part
 * becomes a new parcel with lineage to it. `parts` are boundaries in the parent's plane
 * (from cutting with a line, or sent whole).
 */
export async function splitParcel(
  ctx: EditContext,
  input: {
    parcel: ParcelAtVersion;
    parts: (current: CurrentParcel) => Promise<{ parts: Ewkb[]; violations: Violation[] }>;
    snap: boolean;
    children: ChildInput[];
    /** The request field the parts come from (`line` or `parts`), named when a check runs out of time. */
    field?: string;
  },
): Promise<EditOutcome> {
  const [parent] = await lockParcels(ctx, [input.parcel]);
  if (!parent) throw new Error('lockParcels returned nothing');
  const { parts, violations } = await withinCheckBudget(
    ctx,
    {
      field: input.field ?? 'parts',
      label: `the split of parcel ${parent.parcelId}`,
      parcelId: parent.parcelId,
    },
    () => checkedParts(ctx, parent, input),
  );
  assertNoViolations(violations);

  const free = await nextParcelNumbers(ctx.client, parent.communeId, parent.sheetNo, parts.length);
  const children = [];
  for (const [index, part] of parts.entries()) {
    const given = input.children[index] ?? {};
    const label = `part ${index + 1} of parcel ${parent.parcelId}`;
    const { area, geojson } = await describeGeometry(ctx.client, part);
    const uses = given.landUses
      ? {
          landUses: given.landUses,
          violations: await landUseViolations(ctx.client, given.landUses, parent.parcelId, label),
        }
      : inheritedLandUses([parent], area, label, parent.parcelId);
    violations.push(...uses.violations);
    children.push({
      geometry: part,
      geojson,
      area,
      parcelNo: given.parcelNo ?? (free[index] as number),
      landUses: uses.landUses,
      label,
    });
  }
  violations.push(
    ...(await numberViolations(
      ctx.client,
      children.map((child) => ({
        communeId: parent.communeId,
        sheetNo: parent.sheetNo,
        parcelNo: child.parcelNo,
        label: child.label,
      })),
      [parent.parcelId],
      parent.parcelId,
    )),
  );
  assertNoViolations(violations);

  await retireParcel(ctx.client, parent.versionId, ctx.at);
  const written: ParcelAtVersion[] = [];
  const preview = [];
  for (const child of children) {
    const created = await insertParcel(
      ctx.client,
      {
        communeId: parent.communeId,
        sheetNo: parent.sheetNo,
        parcelNo: child.parcelNo,
        mapSheetId: parent.mapSheetId,
        zoneSrid: parent.zoneSrid,
        geometry: child.geometry,
        landAddress: parent.landAddress,
        landUses: child.landUses,
      },
      { at: ctx.at, source: ctx.source, reason: ctx.reason, authorId: ctx.authorId },
    );
    await insertLineage(ctx.client, {
      parentParcelId: parent.parcelId,
      parentVersionId: parent.versionId,
      childParcelId: created.parcelId,
      childVersionId: created.versionId,
      kind: 'split',
    });
    written.push({ parcelId: created.parcelId, versionNo: 1 });
    preview.push({
      parcelId: created.parcelId,
      geometry: child.geojson,
      area: child.area,
      parcelNo: child.parcelNo,
    });
  }
  await carryRights(ctx.client, {
    from: [parent.parcelId],
    to: written.map((child) => child.parcelId),
    at: ctx.at,
    source: ctx.source,
  });
  return {
    kind: 'split',
    base: [atVersion(parent)],
    retired: [atVersion(parent)],
    written,
    preview,
    replay: {
      kind: 'split',
      parcel: atVersion(parent),
      parts,
      children: children.map((child) => ({ parcelNo: child.parcelNo, landUses: child.landUses })),
    },
  };
}

/** The parts cut or sent, each snapped to the parent and checked; then their coverage of it. */
async function checkedParts(
  ctx: EditContext,
  parent: CurrentParcel,
  input: {
    parts: (current: CurrentParcel) => Promise<{ parts: Ewkb[]; violations: Violation[] }>;
    snap: boolean;
  },
): Promise<{ parts: Ewkb[]; violations: Violation[] }> {
  const cut = await input.parts(parent);
  if (cut.violations.length > 0) return { parts: [], violations: cut.violations };
  const parts: Ewkb[] = [];
  const violations: Violation[] = [];
  for (const [index, part] of cut.parts.entries()) {
    // Parts are snapped to the parent's own boundary, so a hand-drawn edge that misses it by
    // millimetres still lands on it; then the usual rules apply against the neighbours.
    const onParent = input.snap
      ? await snapToPolygon(ctx, part, parent.geometry, ctx.rules.overlapTolerance)
      : part;
    const checked = await checkBoundary(
      ctx,
      { geometry: onParent, snap: false },
      [parent.parcelId],
      parent.parcelId,
      `part ${index + 1} of parcel ${parent.parcelId}`,
    );
    parts.push(checked.geometry);
    violations.push(...checked.violations);
  }
  if (violations.length > 0) return { parts, violations };
  return {
    parts,
    violations: await coverageViolations(ctx, parent, parts, ctx.rules.splitAreaTolerance),
  };
}

async function snapToPolygon(
  ctx: EditContext,
  part: Ewkb,
  target: Ewkb,
  tolerance: number,
): Promise<Ewkb> {
  const { rows } = await ctx.client.query(
    `SELECT encode(ST_AsEWKB(ST_Multi(ST_CollectionExtract(
              ST_Snap(ST_GeomFromEWKB(decode($1, 'hex')), ST_GeomFromEWKB(decode($2, 'hex')), $3), 3))), 'hex') AS g`,
    [part, target, tolerance],
  );
  return rows[0].g;
}

/**
 * A split must neither create nor lose land: the parts' areas add up to the parent's,
 * nothing of the parent is left uncovered, no part reaches outside it, and no two overlap.
 */
async function coverageViolations(
  ctx: EditContext,
  parent: CurrentParcel,
  parts: readonly Ewkb[],
  tolerance: number,
): Promise<Violation[]> {
  const { rows } = await ctx.client.query(
    `WITH parent AS (SELECT ST_GeomFromEWKB(decode($1, 'hex')) AS g),
          part AS (SELECT ord, ST_GeomFromEWKB(decode(h, 'hex')) AS g FROM unnest($2::text[]) WITH ORDINALITY AS p(h, ord)),
          whole AS (SELECT ST_Union(g) AS g, sum(ST_Area(g)) AS area FROM part),
          problems AS (
            SELECT 'gap' AS kind, ST_CollectionExtract(ST_Difference(parent.g, whole.g), 3) AS g FROM parent, whole
            UNION ALL
            SELECT 'outside', ST_CollectionExtract(ST_Difference(whole.g, parent.g), 3) FROM parent, whole
            UNION ALL
            SELECT 'overlap ' || a.ord || '/' || b.ord, ST_CollectionExtract(ST_Intersection(a.g, b.g), 3)
            FROM part a JOIN part b ON a.ord < b.ord AND ST_Intersects(a.g, b.g))
     SELECT problems.kind, ST_Area(problems.g) AS area,
            ST_AsGeoJSON(ST_Transform(problems.g, 4326), 9)::json AS geojson,
            ST_X(ST_Transform(ST_PointOnSurface(problems.g), 4326)) AS lon,
            ST_Y(ST_Transform(ST_PointOnSurface(problems.g), 4326)) AS lat,
            ST_X(ST_PointOnSurface(problems.g)) AS x, ST_Y(ST_PointOnSurface(problems.g)) AS y,
            ST_SRID(problems.g) AS srid,
            (SELECT area FROM whole) AS parts_area, (SELECT ST_Area(g) FROM parent) AS parent_area
     FROM problems
     WHERE NOT ST_IsEmpty(problems.g) AND ST_Area(problems.g) > $3`,
    [parent.geometry, parts, tolerance],
  );
  const violations: Violation[] = rows.map((row) => {
    const kind = String(row.kind);
    const what =
      kind === 'gap'
        ? 'leaves a gap of'
        : kind === 'outside'
          ? 'reaches outside the parent by'
          : `has parts ${kind.slice(8)} overlapping by`;
    return {
      rule: 'split.coverage' as const,
      parcelId: parent.parcelId,
      message: `the split of parcel ${parent.parcelId} ${what} ${Number(row.area).toFixed(2)} m2 (more than ${tolerance} m2)`,
      location: {
        lon: Number(row.lon),
        lat: Number(row.lat),
        x: Number(row.x),
        y: Number(row.y),
        srid: Number(row.srid),
      },
      geometry: row.geojson,
    };
  });
  if (violations.length > 0) return violations;
  const { rows: totals } = await ctx.client.query(
    `SELECT sum(ST_Area(ST_GeomFromEWKB(decode(h, 'hex')))) AS area FROM unnest($1::text[]) h`,
    [parts],
  );
  const difference = Math.abs(Number(totals[0].area) - parent.area);
  if (difference > tolerance)
    return [
      {
        rule: 'split.coverage',
        parcelId: parent.parcelId,
        message: `the parts of parcel ${parent.parcelId} add up to ${Number(totals[0].area).toFixed(2)} m2, not its ${parent.area.toFixed(2)} m2`,
      },
    ];
  return [];
}
