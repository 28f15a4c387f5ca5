import type pg from 'pg';
import type { RegisterPreview } from '../../core/api/register';
import { DiagisError } from '../../core/errors/diagis_error';
import { type AppliedCounts, applyPlan } from './apply_plan';
import { planEffect } from './plan_effect';
import type { RegisterPlan } from './register_plan';
import {
  isRegisterEffect,
  type RegisterEffect,
  registerRequestSchemas,
} from './register_request_schema';
import { landUseRightIds, loadRegisterState } from './register_state';

/** The dossier facts an effect needs. */
interface DossierEffectRow {
  id: number;
  receiptCode: string;
  procedureCode: string;
  effect: string;
  officeName: string;
}

const dossierSql = `
  SELECT d.id, d.receipt_code, d.procedure_code, p.register_effect, o.name AS office_name
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office o ON o.id = d.current_office_id
  WHERE d.id = $1`;

async function dossierForEffect(db: pg.ClientBase, dossierId: number): Promise<DossierEffectRow> {
  const { rows } = await db.query(dossierSql, [dossierId]);
  const row = rows[0];
  if (!row) throw new DiagisError('not_found', `dossier ${dossierId} does not exist`);
  return {
    id: Number(row.id),
    receiptCode: row.receipt_code,
    procedureCode: row.procedure_code,
    effect: row.register_effect,
    officeName: row.office_name,
  };
}

/** A recorded request: the effect's data and the land-use rights it was checked against. */
export interface RecordedRequest {
  effect: RegisterEffect;
  body: Record<string, unknown>;
  seenRightIds: number[];
  recordedAt: Date;
}

/**
 * Checks `body` against the schema of the dossier's effect and against the register as it
 * stands (a dry plan), then records it, replacing an earlier one. 400 names the field;
 * 409 when the register does not allow the effect now.
 */
export async function recordRegisterRequest(
  client: pg.ClientBase,
  args: { dossierId: number; body: unknown; userId: number | null; now: Date },
): Promise<RecordedRequest> {
  const dossier = await dossierForEffect(client, args.dossierId);
  const effect = effectOf(dossier);
  const parsed = registerRequestSchemas[effect].safeParse(args.body);
  if (!parsed.success) throw firstIssue(parsed.error);
  const state = await loadRegisterState(client, dossier.id);
  planEffect(effect, parsed.data, state, dossier);
  const seenRightIds = landUseRightIds(state);
  const stored = { ...parsed.data, seenRightIds };
  await client.query(
    `INSERT INTO dossier.register_request (dossier_id, effect, body, recorded_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (dossier_id) DO UPDATE
       SET effect = EXCLUDED.effect, body = EXCLUDED.body, recorded_at = EXCLUDED.recorded_at,
           recorded_by = EXCLUDED.recorded_by`,
    [dossier.id, effect, stored, args.now, args.userId],
  );
  return {
    effect,
    body: parsed.data as Record<string, unknown>,
    seenRightIds,
    recordedAt: args.now,
  };
}

/** The recorded request of a dossier, or undefined. */
export async function loadRegisterRequest(
  db: pg.ClientBase | pg.Pool,
  dossierId: number,
): Promise<RecordedRequest | undefined> {
  const { rows } = await db.query(
    'SELECT effect, body, recorded_at FROM dossier.register_request WHERE dossier_id = $1',
    [dossierId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { seenRightIds, ...body } = row.body as Record<string, unknown> & {
    seenRightIds?: number[];
  };
  return {
    effect: row.effect,
    body,
    seenRightIds: seenRightIds ?? [],
    recordedAt: row.recorded_at,
  };
}

/** What the preview and the approval agree on (the preview's answer). */
export type EffectOutcome = RegisterPreview;

/**
 * The register changes approving the dossier would make now, without writing anything;
 * `effect: "none"` for procedures that do not change the register.
 */
export async function previewRegisterEffect(
  client: pg.ClientBase,
  dossierId: number,
): Promise<EffectOutcome> {
  const dossier = await dossierForEffect(client, dossierId);
  if (dossier.effect === 'none') return { effect: 'none', plan: null };
  return { effect: dossier.effect, plan: await currentPlan(client, dossier) };
}

/**
 * Applies the dossier's effect at approval, in the approval's transaction: 409 when no
 * request is recorded, or when the register changed since it was (another dossier closed
 * a right it names), and then nothing of the approval is kept.
 */
export async function applyRegisterEffect(
  client: pg.ClientBase,
  args: { dossierId: number; at: Date; authorId: number | null },
): Promise<AppliedCounts | null> {
  const dossier = await dossierForEffect(client, args.dossierId);
  if (dossier.effect === 'none') return null;
  const plan = await currentPlan(client, dossier);
  return applyPlan(client, plan, {
    dossierId: dossier.id,
    receiptCode: dossier.receiptCode,
    procedureCode: dossier.procedureCode,
    issuingBody: dossier.officeName,
    at: args.at,
    authorId: args.authorId,
  });
}

async function currentPlan(
  client: pg.ClientBase,
  dossier: DossierEffectRow,
): Promise<RegisterPlan> {
  const effect = effectOf(dossier);
  const recorded = await loadRegisterRequest(client, dossier.id);
  if (!recorded) {
    throw new DiagisError(
      'conflict',
      `registerRequest: the ${dossier.procedureCode} data (parties, contract, certificate) must be recorded before approval`,
      { field: 'registerRequest' },
    );
  }
  const state = await loadRegisterState(client, dossier.id);
  const now = new Set(landUseRightIds(state));
  const gone = recorded.seenRightIds.filter((id) => !now.has(id));
  if (gone.length > 0) {
    const { rows } = await client.query(
      `SELECT r.id, d.receipt_code FROM registry.parcel_right r
       LEFT JOIN dossier.dossier d ON d.id = r.closed_by_dossier_id
       WHERE r.id = ANY($1::bigint[]) ORDER BY r.id LIMIT 1`,
      [gone],
    );
    const by = rows[0]?.receipt_code ? ` by dossier ${rows[0].receipt_code}` : '';
    throw new DiagisError(
      'conflict',
      `registerRequest: right ${gone[0]} was closed${by} after this request was recorded; the register changed, record the request again`,
      { field: 'registerRequest' },
    );
  }
  // Parsed again: the stored body passed this schema, and a later rule applies to it too.
  const request = registerRequestSchemas[effect].safeParse(recorded.body);
  if (!request.success) throw firstIssue(request.error);
  return planEffect(effect, request.data, state, dossier);
}

function effectOf(dossier: DossierEffectRow): RegisterEffect {
  if (!isRegisterEffect(dossier.effect)) {
    throw new DiagisError(
      'conflict',
      `registerRequest: procedure ${dossier.procedureCode} does not change the register`,
      { field: 'registerRequest' },
    );
  }
  return dossier.effect;
}

function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): DiagisError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  return new DiagisError('invalid_input', `${field}: ${issue?.message ?? 'is invalid'}`, { field });
}
