import type pg from 'pg';
import { DiagisError } from '../../../core/errors/diagis_error';
import type { Config } from '../../config';
import { HttpError } from '../../http/http_error';
import { StaleVersionError } from '../parcel_versions';
import type { EditContext, EditOutcome, StoredEdit } from './edit_context';
import { createParcel, editParcel, mergeParcels, splitParcel } from './edit_operations';

/** Runs a stored edit again, through the same rules, as part of `ctx`'s transaction. */
export function replayEdit(ctx: EditContext, stored: StoredEdit): Promise<EditOutcome> {
  switch (stored.kind) {
    case 'edit': {
      const { kind: _kind, parcel, ...changes } = stored;
      return editParcel(ctx, { parcel, ...changes, snap: false });
    }
    case 'create': {
      const { kind: _kind, ...input } = stored;
      return createParcel(ctx, { ...input, snap: false });
    }
    case 'split':
      return splitParcel(ctx, {
        parcel: stored.parcel,
        parts: async () => ({ parts: stored.parts, violations: [] }),
        snap: false,
        children: stored.children,
      });
    case 'merge':
      return mergeParcels(ctx, stored);
  }
}

/** Keeps a checked edit for dossier `dossierId`, with its outcome drawn for the handlers. */
export async function savePendingEdit(
  client: pg.ClientBase,
  args: {
    dossierId: number;
    outcome: EditOutcome;
    reason: string;
    authorId: number | null;
    rules: Config['editing'];
  },
): Promise<number> {
  const { outcome } = args;
  const { rows } = await client.query(
    `INSERT INTO cadastre.pending_edit (dossier_id, kind, base, edit_request, preview, author_id)
     SELECT $1, $2, $3::jsonb, $4::jsonb,
            ST_Multi(ST_CollectionExtract(ST_Collect(ST_GeomFromGeoJSON(part)), 3)), $5
     FROM jsonb_array_elements($6::jsonb) AS part
     RETURNING id`,
    [
      args.dossierId,
      outcome.replay.kind,
      JSON.stringify(outcome.base),
      JSON.stringify({ edit: outcome.replay, reason: args.reason, rules: args.rules }),
      args.authorId,
      JSON.stringify(outcome.preview.map((part) => part.geometry)),
    ],
  );
  return Number(rows[0].id);
}

/**
 * The dossier is approved: its pending edits become current versions now, in order, each
 * checked again against today's map. One that no longer fits fails the approval (409).
 */
export async function applyPendingEdits(
  client: pg.ClientBase,
  args: { dossierId: number; at: Date; authorId: number | null },
): Promise<number> {
  const { rows } = await client.query(
    `SELECT e.id, e.edit_request, e.author_id FROM cadastre.pending_edit e
     WHERE e.dossier_id = $1 AND e.status = 'pending' ORDER BY e.id FOR UPDATE`,
    [args.dossierId],
  );
  for (const row of rows) {
    const request = row.edit_request as {
      edit: StoredEdit;
      reason: string;
      rules: Config['editing'];
    };
    const ctx: EditContext = {
      client,
      authorId: row.author_id ?? args.authorId,
      at: args.at,
      rules: request.rules,
      source: { kind: 'dossier', ref: `pending edit ${row.id}`, dossierId: args.dossierId },
      reason: request.reason,
    };
    let outcome: EditOutcome;
    try {
      outcome = await replayEdit(ctx, request.edit);
    } catch (error) {
      // Refused by a rule (a broken rule, a stale version, a parcel gone): the approval
      // conflicts with today's map. Anything else is a fault and passes as it is.
      if (error instanceof HttpError || error instanceof DiagisError) {
        const why = error instanceof StaleVersionError ? error.reason : error.message;
        throw new DiagisError(
          'conflict',
          `pending parcel edit ${row.id} of this dossier no longer applies: ${why}; edit it again for the dossier before approving`,
          { field: 'action' },
        );
      }
      throw error;
    }
    await client.query(
      `UPDATE cadastre.pending_edit SET status = 'applied', settled_at = $2, outcome = $3::jsonb WHERE id = $1`,
      [row.id, args.at, JSON.stringify({ retired: outcome.retired, written: outcome.written })],
    );
  }
  return rows.length;
}

/** The dossier ended without approval: its pending edits are kept, marked discarded. */
export async function discardPendingEdits(
  client: pg.ClientBase,
  args: { dossierId: number; at: Date },
): Promise<number> {
  const { rowCount } = await client.query(
    `UPDATE cadastre.pending_edit SET status = 'discarded', settled_at = $2
     WHERE dossier_id = $1 AND status = 'pending'`,
    [args.dossierId, args.at],
  );
  return rowCount ?? 0;
}

/** The pending edits of a dossier as a GeoJSON FeatureCollection (WGS84), for the map. */
export async function pendingEditFeatures(
  db: pg.ClientBase | pg.Pool,
  dossierId: number,
): Promise<object> {
  const { rows } = await db.query(
    `SELECT coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', e.id,
              'geometry', ST_AsGeoJSON(e.preview, 9)::json,
              'properties', json_build_object(
                'pendingEditId', e.id, 'action', e.kind, 'parcelIds', (SELECT coalesce(json_agg(b -> 'parcelId'), '[]') FROM jsonb_array_elements(e.base) b),
                'createdAt', e.created_at, 'reason', e.edit_request ->> 'reason'))
            ORDER BY e.id), '[]') AS features
     FROM cadastre.pending_edit e WHERE e.dossier_id = $1 AND e.status = 'pending'`,
    [dossierId],
  );
  return { type: 'FeatureCollection', features: rows[0].features };
}
