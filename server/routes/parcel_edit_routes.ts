import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import type { z } from 'zod';
import type { TileService } from '../../tiles/tile_service';
import { can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import type { Config } from '../config';
import { visibleDossier } from '../dossiers/dossier_guards';
import { HttpError } from '../http/http_error';
import type { UserWriteSlots } from '../http/user_write_slots';
import { idParam, parseInput } from '../http/validate';
import type { EditContext, EditOutcome } from '../parcels/editing/edit_context';
import {
  areaInZone,
  assertKnownCrs,
  type Ewkb,
  lineInZone,
  ringViolations,
} from '../parcels/editing/edit_geometry';
import {
  createParcel,
  editParcel,
  mergeParcels,
  splitParcel,
  undoParcel,
} from '../parcels/editing/edit_operations';
import {
  createBody,
  dryRunQuery,
  mergeBody,
  patchBody,
  splitBody,
  undoBody,
} from '../parcels/editing/edit_requests';
import { type EditResult, runEdit } from '../parcels/editing/edit_transaction';
import type { areaGeometry } from '../parcels/editing/geometry_input';
import { pendingEditFeatures } from '../parcels/editing/pending_edits';
import { assertNoViolations, type Violation } from '../parcels/editing/rule_violation';
import { splitByLine } from '../parcels/editing/split_by_line';
import { sheetOf, zoneOf } from '../parcels/editing/zone_lookup';
import { staffParcelBody } from '../parcels/parcel_body';
import { versionTag } from '../parcels/parcel_versions';

export interface ParcelEditDeps {
  pool: pg.Pool;
  config: Readonly<Config>;
  clock: () => Date;
  /** The tile service of the tile routes: brought up to date right after each edit commits. */
  tiles?: TileService | undefined;
  /** Each write (dry runs too: they run every check) holds a slot of its user while it runs. */
  writeSlots: UserWriteSlots;
}

/** Surveyors and admins, or 401/403. */
function requireEditor(principal: Principal | undefined): Principal {
  if (!principal) throw new HttpError(401, 'sign in to edit parcels');
  if (!can(principal, 'parcel:edit'))
    throw new HttpError(403, `role ${principal.role} may read parcels but not edit them`);
  return principal;
}

/** The version named by If-Match: 428 without one, 400 when it is not an ETag of ours. */
function ifMatchVersion(ctx: Koa.Context): number {
  const header = ctx.get('If-Match').trim();
  if (!header)
    throw new HttpError(
      428,
      'If-Match: required; send the ETag of GET /api/parcels/{id} so a stale edit cannot overwrite a newer one',
      'If-Match',
    );
  const match = /^(?:W\/)?"v([1-9][0-9]{0,8})"$/.exec(header);
  if (!match?.[1])
    throw new HttpError(400, `If-Match: must be an ETag like "v3", got ${header}`, 'If-Match');
  return Number(match[1]);
}

/**
 * Parcel writes: PATCH, create, split, merge, undo, and a dossier's pending edits. Every
 * write checks the topology and attribute rules inside its transaction; `?dryRun=true`
 * runs them and rolls back; `dossierId` keeps the checked edit pending for the dossier.
 */
export function parcelEditRoutes(deps: ParcelEditDeps): Router {
  const router = new Router({ prefix: '/api' });
  const heavy = deps.writeSlots.middleware();

  /** Runs `operate` as the signed-in editor: committed, a dry run, or pending for a dossier. */
  const perform = (
    ctx: Koa.Context,
    args: { reason: string; dossierId?: number | undefined; dryRun: boolean },
    operate: (edit: EditContext) => Promise<EditOutcome>,
  ): Promise<EditResult> =>
    runEdit(
      { pool: deps.pool, rules: deps.config.editing, clock: deps.clock, tiles: deps.tiles },
      {
        principal: requireEditor(ctx.state.principal),
        requestId: ctx.state.requestId,
        log: ctx.state.log,
        ...args,
      },
      operate,
    );

  /** The reply for a dry run or a pending edit, or undefined when the edit was committed. */
  function notCommitted(ctx: Koa.Context, dryRun: boolean, result: EditResult): boolean {
    if (dryRun) {
      ctx.body = { ok: true, violations: [], preview: previewOf(result.outcome) };
      return true;
    }
    if (result.pendingEditId !== undefined) {
      ctx.status = 202;
      ctx.body = {
        pending: true,
        pendingEditId: result.pendingEditId,
        preview: previewOf(result.outcome),
      };
      return true;
    }
    return false;
  }

  /** Answers with the parcel as GET shows it, its ETag, and for a new one 201 and Location. */
  async function sendParcel(ctx: Koa.Context, parcelId: number, created?: 'created') {
    const reply = await parcelReply(ctx, parcelId);
    if (created) {
      ctx.status = 201;
      ctx.set('Location', `/api/parcels/${parcelId}`);
    }
    ctx.set('ETag', versionTag(reply.versionNo));
    ctx.body = reply;
  }

  async function parcelReply(ctx: Koa.Context, parcelId: number) {
    const body = await staffParcelBody(deps.pool, ctx.state.principal as Principal, parcelId);
    if (!body) throw new Error(`parcel ${parcelId} is not readable right after its edit`);
    return body;
  }

  /** Violations of the rings sent, before the database parses them. */
  async function rings(
    client: pg.ClientBase,
    geometries: { geometry: z.infer<typeof areaGeometry>; field: string }[],
    crs: number,
    parcelId: number | null,
  ): Promise<void> {
    const violations: Violation[] = [];
    for (const { geometry, field } of geometries)
      violations.push(...(await ringViolations(client, geometry, field, crs, parcelId)));
    assertNoViolations(violations);
  }

  router.patch('/parcels/:id', heavy, async (ctx) => {
    requireEditor(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const versionNo = ifMatchVersion(ctx);
    const dryRun = parseInput(dryRunQuery, ctx.query, 'query');
    const body = parseInput(patchBody, ctx.request.body);
    const { geometry: sent, crs, snap, reason: why, dossierId, ...attributes } = body;
    const result = await perform(ctx, { reason: why, dossierId, dryRun }, async (edit) => {
      let geometry: Ewkb | undefined;
      if (sent) {
        await assertKnownCrs(edit.client, crs);
        await rings(edit.client, [{ geometry: sent, field: 'geometry' }], crs, id);
        const zone = await zoneOf(edit.client, id);
        geometry = await areaInZone(edit.client, sent, crs, zone);
      }
      return editParcel(edit, {
        parcel: { parcelId: id, versionNo },
        ...(geometry ? { geometry } : {}),
        snap,
        ...attributes,
      });
    });
    if (notCommitted(ctx, dryRun, result)) return;
    await sendParcel(ctx, id);
  });

  router.post('/parcels/merge', heavy, async (ctx) => {
    requireEditor(ctx.state.principal);
    const dryRun = parseInput(dryRunQuery, ctx.query, 'query');
    const body = parseInput(mergeBody, ctx.request.body);
    const result = await perform(
      ctx,
      { reason: body.reason, dossierId: body.dossierId, dryRun },
      (edit) =>
        mergeParcels(edit, {
          parcels: body.parcels,
          parcelNo: body.parcelNo,
          landUses: body.landUses,
        }),
    );
    if (notCommitted(ctx, dryRun, result)) return;
    const merged = result.outcome.written[0]?.parcelId as number;
    ctx.status = 201;
    ctx.set('Location', `/api/parcels/${merged}`);
    ctx.body = {
      parents: result.outcome.retired.map((parent) => ({
        parcelId: parent.parcelId,
        retiredVersionNo: parent.versionNo,
      })),
      merged: await parcelReply(ctx, merged),
    };
  });

  router.post('/parcels/:id/split', heavy, async (ctx) => {
    requireEditor(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const versionNo = ifMatchVersion(ctx);
    const dryRun = parseInput(dryRunQuery, ctx.query, 'query');
    const body = parseInput(splitBody, ctx.request.body);
    const result = await perform(
      ctx,
      { reason: body.reason, dossierId: body.dossierId, dryRun },
      async (edit) => {
        await assertKnownCrs(edit.client, body.crs);
        const zone = await zoneOf(edit.client, id);
        const { line, parts } = body;
        if (parts)
          await rings(
            edit.client,
            parts.map((geometry, index) => ({ geometry, field: `parts[${index}]` })),
            body.crs,
            id,
          );
        const cutter = line ? await lineInZone(edit.client, line, body.crs, zone) : undefined;
        const zoned = parts
          ? await Promise.all(parts.map((part) => areaInZone(edit.client, part, body.crs, zone)))
          : [];
        return splitParcel(edit, {
          parcel: { parcelId: id, versionNo },
          parts: (parent) =>
            cutter
              ? splitByLine(edit.client, parent, cutter)
              : Promise.resolve({ parts: zoned, violations: [] }),
          snap: body.snap,
          children: body.children,
          field: line ? 'line' : 'parts',
        });
      },
    );
    if (notCommitted(ctx, dryRun, result)) return;
    ctx.status = 201;
    ctx.body = {
      parent: { parcelId: id, retiredVersionNo: versionNo },
      children: await Promise.all(
        result.outcome.written.map((child) => parcelReply(ctx, child.parcelId)),
      ),
    };
  });

  router.post('/parcels/:id/undo', heavy, async (ctx) => {
    requireEditor(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const versionNo = ifMatchVersion(ctx);
    const body = parseInput(undoBody, ctx.request.body);
    const dryRun = parseInput(dryRunQuery, ctx.query, 'query');
    const why = body.reason ?? `undo of version ${versionNo}`;
    const result = await perform(ctx, { reason: why, dryRun }, (edit) =>
      undoParcel(edit, { parcelId: id, versionNo }),
    );
    if (notCommitted(ctx, dryRun, result)) return;
    await sendParcel(ctx, id);
  });

  router.post('/parcels', heavy, async (ctx) => {
    requireEditor(ctx.state.principal);
    const dryRun = parseInput(dryRunQuery, ctx.query, 'query');
    const body = parseInput(createBody, ctx.request.body);
    const result = await perform(
      ctx,
      { reason: body.reason, dossierId: body.dossierId, dryRun },
      async (edit) => {
        await assertKnownCrs(edit.client, body.crs);
        await rings(edit.client, [{ geometry: body.geometry, field: 'geometry' }], body.crs, null);
        const sheet = await sheetOf(edit.client, body.communeId, body.sheetNo);
        return createParcel(edit, {
          communeId: body.communeId,
          sheetNo: body.sheetNo,
          parcelNo: body.parcelNo,
          zoneSrid: sheet.zoneSrid,
          mapSheetId: sheet.mapSheetId,
          geometry: await areaInZone(edit.client, body.geometry, body.crs, sheet.zoneSrid),
          snap: body.snap,
          landUses: body.landUses,
          legalArea: body.legalArea ?? null,
          landAddress: body.landAddress ?? null,
        });
      },
    );
    if (notCommitted(ctx, dryRun, result)) return;
    await sendParcel(ctx, result.outcome.written[0]?.parcelId as number, 'created');
  });

  router.get('/dossiers/:id/pending-parcels', async (ctx) => {
    const principal = ctx.state.principal;
    if (!principal) throw new HttpError(401, 'sign in to see a dossier');
    if (!can(principal, 'dossier:read') || !can(principal, 'parcel:read'))
      throw new HttpError(403, `role ${principal.role} may not read dossiers`);
    const id = idParam('id', ctx.params.id);
    await visibleDossier(deps.pool, principal, id, ctx.state.log);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.type = 'application/geo+json';
    ctx.body = await pendingEditFeatures(deps.pool, id);
  });

  return router;
}

const previewOf = (outcome: EditOutcome) => ({
  kind: outcome.kind,
  retired: outcome.retired,
  parts: outcome.preview.map((part) => ({
    geometry: part.geometry,
    computedArea: part.area,
    ...(part.parcelNo === undefined ? {} : { parcelNo: part.parcelNo }),
  })),
});
