import type pg from 'pg';
import { withTransaction } from '../../../core/db/transaction';
import { finalStates } from '../../../core/dossiers/workflow';
import { DiagisError } from '../../../core/errors/diagis_error';
import type { TileService } from '../../../tiles/tile_service';
import type { Principal } from '../../auth/principal';
import type { Config } from '../../config';
import { visibleDossier } from '../../dossiers/dossier_guards';
import type { Logger } from '../../logger';
import type { EditContext, EditOutcome } from './edit_context';
import { savePendingEdit } from './pending_edits';

export interface EditTransactionDeps {
  pool: pg.Pool;
  rules: Config['editing'];
  clock: () => Date;
  /** Brought up to date right after an edit commits (not after a dry run or a pending edit). */
  tiles?: TileService | undefined;
}

export interface EditRequest {
  principal: Principal;
  requestId: string | undefined;
  log: Logger;
  reason: string;
  /** The dossier the edit waits for: checked in full, then kept pending instead of written. */
  dossierId?: number | undefined;
  /** Checked in full, then rolled back. */
  dryRun: boolean;
}

/** What an edit did, and the pending edit that holds it when it waits for a dossier. */
export interface EditResult {
  outcome: EditOutcome;
  pendingEditId?: number;
}

/**
 * Runs `operate` in one audited transaction as the request's principal. A plain edit is
 * committed (then the tiles catch up); a dry run and an edit for a dossier are checked in
 * full inside a savepoint and rolled back to it, and the dossier edit is then stored as
 * pending. A dossier that is approved or closed takes no more edits (`conflict`).
 */
export async function runEdit(
  deps: EditTransactionDeps,
  request: EditRequest,
  operate: (edit: EditContext) => Promise<EditOutcome>,
): Promise<EditResult> {
  const { principal, dossierId, dryRun, reason } = request;
  const result = await withTransaction(
    deps.pool,
    { userId: principal.userId, requestId: request.requestId, source: 'parcel-edit' },
    async (client): Promise<EditResult> => {
      if (dossierId !== undefined) {
        const dossier = await visibleDossier(client, principal, dossierId, request.log);
        if (dossier.state === 'approved' || finalStates.includes(dossier.state))
          throw new DiagisError(
            'conflict',
            `dossierId: dossier ${dossierId} is ${dossier.state}; edits wait only for open dossiers`,
            { field: 'dossierId' },
          );
      }
      const edit: EditContext = {
        client,
        authorId: principal.userId,
        at: deps.clock(),
        rules: deps.rules,
        source: dossierId === undefined ? { kind: 'survey' } : { kind: 'dossier', dossierId },
        reason,
      };
      if (!dryRun && dossierId === undefined) return { outcome: await operate(edit) };
      // Checked in full, then undone: a dry run reports, a dossier edit is kept pending.
      await client.query('SAVEPOINT checked_edit');
      const outcome = await operate(edit);
      await client.query('ROLLBACK TO SAVEPOINT checked_edit');
      if (dryRun || dossierId === undefined) return { outcome };
      const pendingEditId = await savePendingEdit(client, {
        dossierId,
        outcome,
        reason,
        authorId: principal.userId,
        rules: deps.rules,
      });
      return { outcome, pendingEditId };
    },
  );
  if (!dryRun && result.pendingEditId === undefined) await deps.tiles?.catchUp();
  return result;
}
