import type pg from 'pg';

/** A WAL position (`pg_lsn` text such as `0/3000148`) as a number that orders correctly. */
export function lsnValue(lsn: string): bigint {
  const [high = '0', low = '0'] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Keeps tiles read from a streaming replica exact. After each change the primary's WAL
 * position is noted (NOTIFY and the edit path's own invalidation come after the commit, so
 * that position is at or past the commit); a render from the replica first waits until
 * the replica has replayed that far. When it does not within the wait, the caller serves
 * the render but must not cache it.
 */
export class ReplicaLag {
  private target: Promise<bigint | undefined> = Promise.resolve(undefined);
  private replayed = 0n;

  constructor(
    private readonly primary: pg.Pool,
    private readonly replica: pg.Pool,
    private readonly waitMs = 2_000,
  ) {}

  /** Called for every change: the replica must reach the primary's current WAL position. */
  noteChange(): void {
    const previous = this.target;
    this.target = this.primary
      .query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
      .then(
        (result) => lsnValue(result.rows[0]?.lsn ?? '0/0'),
        // Without the primary nothing can be edited either; keep the last known target.
        () => previous,
      );
  }

  /** True once the replica has replayed every change noted so far (false after the wait). */
  async caughtUp(): Promise<boolean> {
    const target = await this.target;
    if (target === undefined || this.replayed >= target) return true;
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const { rows } = await this.replica.query<{ lsn: string | null }>(
        'SELECT pg_last_wal_replay_lsn()::text AS lsn',
      );
      // NULL: not a standby after all (the replica URL names a primary); nothing to wait for.
      if (!rows[0]?.lsn) return true;
      const replayed = lsnValue(rows[0].lsn);
      if (replayed > this.replayed) this.replayed = replayed;
      if (this.replayed >= target) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
