import type pg from 'pg';
import * as sql from './write_sql';

export interface WriteContext {
  sourceRef: string;
  reason: string;
  authorId: number | null;
}

/**
 * Writes every staging row without an error: new parcels, new versions of changed ones
 * (the current version closed at the transaction's time), land uses with their original
 * codes, and holders (registry) whose name differs from the current holders. Unchanged
 * features write nothing. Runs inside the import's transaction.
 */
export async function writeParcels(client: pg.ClientBase, context: WriteContext): Promise<void> {
  await client.query(sql.insertParcels);
  await client.query(sql.closeRevised);
  await client.query(sql.insertVersions, [context.sourceRef, context.reason, context.authorId]);
  await client.query(sql.insertLandUses);
  await client.query(sql.markNewHolders);
  await client.query(sql.closeOldRights);
  await client.query(sql.insertParties);
  await client.query(sql.insertRights, [context.sourceRef]);
}
