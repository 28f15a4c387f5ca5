import { HttpError } from '../../http/http_error';
import {
  type LandUseInput,
  landUseViolations,
  nextParcelNumbers,
  numberViolations,
} from './attribute_rules';
import { withinCheckBudget } from './check_budget';
import { atVersion, inheritedLandUses, lockParcels } from './edit_checks';
import type { EditContext, EditOutcome, ParcelAtVersion } from './edit_context';
import { describeGeometry, shapeViolations } from './edit_geometry';
import { carryRights, insertLineage, insertParcel, retireParcel } from './parcel_writes';
import { assertNoViolations, RuleViolationError, type Violation } from './rule_violation';

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
  const label = `merged parcel of ${parents.map((p) => p.parcelId).join(' + ')}`;
  const subject = { field: 'parcels', label, parcelId: first.parcelId };
  const { rows } = await withinCheckBudget(ctx, subject, () =>
    ctx.client.query(
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
    ),
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
  const uses = input.landUses
    ? {
        landUses: input.landUses,
        violations: await landUseViolations(ctx.client, input.landUses, first.parcelId, label),
      }
    : inheritedLandUses(parents, area, label, first.parcelId);
  violations.push(
    ...uses.violations,
    ...(await withinCheckBudget(ctx, subject, () =>
      shapeViolations(ctx.client, geometry, null, ctx.rules.sliverWidth, label),
    )),
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
    preview: [{ parcelId: created.parcelId, geometry: geojson, area, parcelNo }],
    replay: { kind: 'merge', parcels: input.parcels, parcelNo, landUses: uses.landUses },
  };
}
