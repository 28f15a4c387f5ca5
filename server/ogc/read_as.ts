import type pg from 'pg';
import { asPublic, withTransaction } from '../../core/db/transaction';
import type { Audience } from './collection_def';

/** The server's two pools: staff requests, and anonymous reads (sessions as `diagis_public`). */
export interface ReadPools {
  pool: pg.Pool;
  publicPool: pg.Pool;
}

/** Who is reading, for the audit settings of a staff transaction. */
export interface Reader {
  audience: Audience;
  userId?: number | undefined;
  requestId?: string | undefined;
}

/**
 * Runs read-only `work` for `reader`: as the `diagis_public` role on the public pool for
 * the public (so no query can reach personal data, and busy staff cannot starve it), or in
 * a read-only transaction of the server's role for staff whose collection view needs
 * non-public tables.
 */
export function readAs<T>(
  pools: ReadPools,
  reader: Reader,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (reader.audience === 'public') return asPublic(pools.publicPool, work);
  return withTransaction(
    pools.pool,
    { userId: reader.userId, requestId: reader.requestId, source: 'ogc' },
    async (client) => {
      await client.query('SET TRANSACTION READ ONLY');
      return work(client);
    },
  );
}
