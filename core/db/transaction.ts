import type pg from 'pg';

/** Who is writing and why; recorded by the audit triggers of every table touched. */
export interface WriteContext {
  userId?: number | undefined;
  requestId?: string | undefined;
  source?: string | undefined;
}

/**
 * Runs `work` in one transaction on a client of `pool`, with the audit settings
 * (diagis.user_id, diagis.request_id, diagis.source) set for that transaction only.
 * Commits when `work` resolves, rolls back when it throws.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  context: WriteContext,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `SELECT set_config('diagis.user_id', $1, true), set_config('diagis.request_id', $2, true),
              set_config('diagis.source', $3, true)`,
      [
        context.userId === undefined ? '' : String(context.userId),
        context.requestId ?? '',
        context.source ?? '',
      ],
    );
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Runs read-only `work` as the `diagis_public` role, which cannot read holders,
 * users or any other personal data: use it for every anonymous request.
 */
export async function asPublic<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL ROLE diagis_public');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
