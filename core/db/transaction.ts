import type pg from 'pg';

/** Who is writing and why; recorded by the audit triggers of every table touched. */
export interface WriteContext {
  userId?: number | undefined;
  requestId?: string | undefined;
  source?: string | undefined;
}

/** The audit settings of one transaction: who and why, and whether rows are logged in bulk. */
export interface AuditSettings extends WriteContext {
  /** One audit row per statement (with its row count) instead of one per row: bulk loads. */
  bulk?: boolean | undefined;
}

/** How `inTransaction` begins and ends a transaction. */
export interface TransactionOptions<T> {
  /** Set diagis.user_id, diagis.request_id, diagis.source and diagis.audit_mode for this transaction only. */
  audit?: AuditSettings | undefined;
  readOnly?: boolean | undefined;
  isolation?: 'repeatable read' | 'serializable' | undefined;
  /**
   * Whether to keep what `work` did, given its result: false rolls back instead of
   * committing (a dry run, a file refused after its checks). Default: commit.
   */
  commit?: boolean | ((result: T) => boolean) | undefined;
}

const setAuditSql = `
  SELECT set_config('diagis.user_id', $1, true), set_config('diagis.request_id', $2, true),
         set_config('diagis.source', $3, true), set_config('diagis.audit_mode', $4, true)`;

function beginSql(options: Pick<TransactionOptions<never>, 'readOnly' | 'isolation'>): string {
  const modes = [
    options.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '',
    options.readOnly ? 'READ ONLY' : '',
  ].filter((mode) => mode !== '');
  return ['BEGIN', ...modes].join(' ');
}

/**
 * Runs `work` in one transaction on `client`, a connection the caller already holds (and
 * releases): BEGIN, the audit settings when given, `work`, then COMMIT (or ROLLBACK when
 * `commit` says so). Rolls back and rethrows when `work` or the commit throws. Locks
 * taken with pg_advisory_xact_lock inside `work` are held until the end.
 */
export async function inTransaction<T>(
  client: pg.ClientBase,
  work: () => Promise<T>,
  options: TransactionOptions<T> = {},
): Promise<T> {
  await client.query(beginSql(options));
  try {
    const { audit } = options;
    if (audit) {
      await client.query(setAuditSql, [
        audit.userId === undefined ? '' : String(audit.userId),
        audit.requestId ?? '',
        audit.source ?? '',
        audit.bulk ? 'bulk' : '',
      ]);
    }
    const result = await work();
    const keep =
      typeof options.commit === 'function' ? options.commit(result) : (options.commit ?? true);
    await client.query(keep ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Runs `work` inside a savepoint of the transaction open on `client`, then rolls back to
 * it: everything is checked in full and nothing is kept (dry runs). Resolves with what
 * `work` returned; when it throws, the savepoint goes with the enclosing transaction.
 */
export async function undoneAfter<T>(client: pg.ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('SAVEPOINT diagis_undone');
  const result = await work();
  await client.query('ROLLBACK TO SAVEPOINT diagis_undone');
  return result;
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
    return await inTransaction(client, () => work(client), { audit: context });
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
    return await inTransaction(
      client,
      async () => {
        await client.query('SET LOCAL ROLE diagis_public');
        return work(client);
      },
      { readOnly: true },
    );
  } finally {
    client.release();
  }
}
