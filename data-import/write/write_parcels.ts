import type pg from 'pg';
import { type PhaseTimings, timed } from '../validate/validate_stage';
import * as sql from './write_sql';

export interface WriteContext {
  sourceRef: string;
  reason: string;
  authorId: number | null;
}

/**
 * Writes every feature without an error (import_write): new parcels, new versions of
 * changed ones (the current version closed at the transaction's time), land uses with their
 * original codes, and holders (registry) whose name differs from the current holders.
 * Unchanged features write nothing. Runs inside the import's transaction.
 */
export async function writeParcels(
  client: pg.ClientBase,
  context: WriteContext,
  timings: PhaseTimings = {},
): Promise<void> {
  const step = (name: string, text: string, values?: unknown[]) =>
    timed(timings, name, () => client.query(text, values));
  await step('parcels', sql.insertParcels);
  await step('close revised', sql.closeRevised);
  await step('versions', sql.insertVersions, [context.sourceRef, context.reason, context.authorId]);
  await step('land uses', sql.insertLandUses);
  await step('close rights', sql.closeOldRights);
  await step('parties', sql.insertParties);
  await step('rights', sql.insertRights, [context.sourceRef]);
}
