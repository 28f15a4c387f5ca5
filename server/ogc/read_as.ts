import type pg from 'pg';
import { asPublic, withTransaction } from '../db/transaction';
import type { Audience } from './collection_def';

/** Who is reading, for the audit settings of a staff transaction. */
export interface Reader {
  audience: Audience;
  userId?: number | undefined;
  requestId?: string | undefined;
}

/**
 * Runs read-only `work` for `reader`: as the `diagis_public` role for the public (so no
 * query can reach personal data), or in a read-only transaction of the server's role for
 * staff whose collection view needs non-public tables.
 */
export function readAs<T>(
  pool: pg.Pool,
  reader: Reader,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (reader.audience === 'public') return asPublic(pool, work);
  return withTransaction(
    pool,
    { userId: reader.userId, requestId: reader.requestId, source: 'ogc' },
    async (client) => {
      await client.query('SET TRANSACTION READ ONLY');
      return work(client);
    },
  );
}
