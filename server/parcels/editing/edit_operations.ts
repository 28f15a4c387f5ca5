import { HttpError } from '../../http/http_error';
import { reviseParcel } from '../parcel_versions';
import { lockEditArea } from './area_locks';
import {
  type LandUseInput,
  landUseViolations,
  nextParcelNumbers,
  numberViolations,
} from './attribute_rules';
import {
  assertNoPendingEdit,
  type CurrentParcel,
  lockAtVersions,
  readCurrent,
} from './current_parcels';
import type { EditContext, EditOutcome, ParcelAtVersion } from './edit_context';
import {
  describeGeometry,
  type Ewkb,
  overlapViolations,
  shapeViolations,
  snapToNeighbours,
} from './edit_geometry';
import { carryRights, insertLineage, insertParcel, retireParcel } from './parcel_writes';
import { assertNoViolations, RuleViolationError, type Violation } from './rule_violation';

/** A boundary a parcel would get, already in its zone plane. */
interface PlannedBoundary {
  geometry: Ewkb;
  snap: boolean;
}

/**
 * The topology rules for one new boundary: valid shape, no sliver, snapped to neighbours
 * within the tolerance (when asked), no overlap wider than the tolerance with any current
 * parcel except those the edit replaces. Returns the boundary to store and what broke.
 */
async function checkBoundary(
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

const atVersion = (parcel: CurrentParcel): ParcelAtVersion => ({
  parcelId: parcel.parcelId,
  versionNo: parcel.versionNo,
});

/** Reads the parcels unlocked, locks the area they and `more` cover, then locks them at their versions. */
async function lockParcels(
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
  if (input.geometry) {
    const checked = await checkBoundary(
      ctx,
      { geometry: input.geometry, snap: input.snap },
      [current.parcelId],
      current.parcelId,
      label,
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
  const checked = await checkBoundary(
    ctx,
    { geometry: input.geometry, snap: input.snap },
    [],
    null,
    label,
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

export interface ChildInput {
  parcelNo?: number | undefined;
  landUses?: LandUseInput[] | undefined;
}

/** Land uses for a new parcel of `area` when the request gives none: the parents' single use. */
function inheritedLandUses(
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
  },
): Promise<EditOutcome> {
  const [parent] = await lockParcels(ctx, [input.parcel]);
  if (!parent) throw new Error('lockParcels returned nothing');
  const cut = await input.parts(parent);
  assertNoViolations(cut.violations);
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
  assertNoViolations(violations);
  violations.push(...(await coverageViolations(ctx, parent, parts, ctx.rules.splitAreaTolerance)));
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
    preview.push({ parcelId: created.parcelId, geometry: child.geojson, area: child.area });
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

/**
 * Merges adjacent parcels of one commune into a new parcel; the parents are retired with
 * lineage. Adjacent means their union is one polygon: a shared edge, not just a corner.
 */
export async function mergeParcels(
  ctx: EditContext,
  input: {
    parcels: ParcelAtVersion[];
    parcelNo?: number | undefined;
    landUses?: LandUseInput[] | undefined;
  },
): Promise<EditOutcome> {
  const parents = await lockParcels(ctx, input.parcels);
  const first = parents[0];
  if (!first || parents.length < 2)
    throw new HttpError(400, 'parcels: give at least two parcels', 'parcels');
  const violations: Violation[] = [];
  for (const other of parents.slice(1)) {
    if (other.communeId !== first.communeId)
      violations.push({
        rule: 'merge.same_commune',
        parcelId: other.parcelId,
        message: `parcel ${other.parcelId} is in another commune (${other.communeId}) than parcel ${first.parcelId} (${first.communeId}); only parcels of one commune merge`,
      });
  }
  assertNoViolations(violations);
  const { rows } = await ctx.client.query(
    `WITH parts AS (SELECT ord, ST_Transform(ST_GeomFromEWKB(decode(h, 'hex')), $2::int) AS g
                    FROM unnest($1::text[]) WITH ORDINALITY AS p(h, ord)),
          snapped AS (SELECT ord, ST_Snap(g, (SELECT ST_Collect(o.g) FROM parts o WHERE o.ord <> parts.ord), $3) AS g FROM parts),
          merged AS (SELECT ST_UnaryUnion(ST_Collect(g)) AS g FROM snapped)
     SELECT encode(ST_AsEWKB(ST_Multi(ST_CollectionExtract(merged.g, 3))), 'hex') AS geom,
            ST_NumGeometries(ST_CollectionExtract(merged.g, 3)) AS pieces,
            (SELECT array_agg(s.ord ORDER BY s.ord) FROM snapped s
              WHERE NOT ST_Intersects(s.g, ST_GeometryN(ST_CollectionExtract(merged.g, 3), 1))) AS apart,
            ST_X(ST_Transform(ST_PointOnSurface(ST_GeometryN(ST_CollectionExtract(merged.g, 3), 2)), 4326)) AS lon,
            ST_Y(ST_Transform(ST_PointOnSurface(ST_GeometryN(ST_CollectionExtract(merged.g, 3), 2)), 4326)) AS lat,
            ST_X(ST_PointOnSurface(ST_GeometryN(ST_CollectionExtract(merged.g, 3), 2))) AS x,
            ST_Y(ST_PointOnSurface(ST_GeometryN(ST_CollectionExtract(merged.g, 3), 2))) AS y
     FROM merged`,
    [parents.map((parent) => parent.geometry), first.zoneSrid, ctx.rules.overlapTolerance],
  );
  const merged = rows[0];
  if (Number(merged.pieces) !== 1) {
    const apart = ((merged.apart as number[] | null) ?? []).map(
      (ord) => parents[ord - 1]?.parcelId,
    );
    throw new RuleViolationError([
      {
        rule: 'merge.adjacent',
        parcelId: apart[0] ?? first.parcelId,
        message: `parcels ${parents.map((p) => p.parcelId).join(', ')} do not form one piece (${apart.join(', ') || 'some'} share no boundary with the rest); only adjacent parcels merge`,
        location: {
          lon: Number(merged.lon),
          lat: Number(merged.lat),
          x: Number(merged.x),
          y: Number(merged.y),
          srid: first.zoneSrid,
        },
      },
    ]);
  }
  const geometry = String(merged.geom);
  const { area, geojson } = await describeGeometry(ctx.client, geometry);
  const label = `merged parcel of ${parents.map((p) => p.parcelId).join(' + ')}`;
  const uses = input.landUses
    ? {
        landUses: input.landUses,
        violations: await landUseViolations(ctx.client, input.landUses, first.parcelId, label),
      }
    : inheritedLandUses(parents, area, label, first.parcelId);
  violations.push(
    ...uses.violations,
    ...(await shapeViolations(ctx.client, geometry, null, ctx.rules.sliverWidth, label)),
  );
  const parcelNo =
    input.parcelNo ??
    (await nextParcelNumbers(ctx.client, first.communeId, first.sheetNo, 1))[0] ??
    1;
  violations.push(
    ...(await numberViolations(
      ctx.client,
      [{ communeId: first.communeId, sheetNo: first.sheetNo, parcelNo, label }],
      parents.map((p) => p.parcelId),
      first.parcelId,
    )),
  );
  assertNoViolations(violations);
  for (const parent of parents) await retireParcel(ctx.client, parent.versionId, ctx.at);
  const created = await insertParcel(
    ctx.client,
    {
      communeId: first.communeId,
      sheetNo: first.sheetNo,
      parcelNo,
      mapSheetId: first.mapSheetId,
      zoneSrid: first.zoneSrid,
      geometry,
      landAddress: first.landAddress,
      landUses: uses.landUses,
    },
    { at: ctx.at, source: ctx.source, reason: ctx.reason, authorId: ctx.authorId },
  );
  for (const parent of parents)
    await insertLineage(ctx.client, {
      parentParcelId: parent.parcelId,
      parentVersionId: parent.versionId,
      childParcelId: created.parcelId,
      childVersionId: created.versionId,
      kind: 'merge',
    });
  await carryRights(ctx.client, {
    from: parents.map((parent) => parent.parcelId),
    to: [created.parcelId],
    at: ctx.at,
    source: ctx.source,
  });
  return {
    kind: 'merge',
    base: parents.map(atVersion),
    retired: parents.map(atVersion),
    written: [{ parcelId: created.parcelId, versionNo: 1 }],
    preview: [{ parcelId: created.parcelId, geometry: geojson, area }],
    replay: { kind: 'merge', parcels: input.parcels, parcelNo, landUses: uses.landUses },
  };
}
