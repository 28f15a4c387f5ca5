import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { lockClasses } from '../../core/db/lock_keys';
import { withTransaction } from '../../core/db/transaction';

const reserveSql = readFileSync(new URL('./reserve_login_attempt.sql', import.meta.url), 'utf8');

// Transaction-scoped locks, one per username and one per address (two lock classes, so
// they never collide); always taken in that order, so two sign-ins never deadlock.
const lockSubjects = `SELECT pg_advisory_xact_lock(${lockClasses.loginUsername}, hashtext($1)),
                            pg_advisory_xact_lock(${lockClasses.loginAddress}, hashtext($2))`;

export interface ThrottleRules {
  /** Failed attempts allowed per username (and per address x4) inside the window. */
  maxFailures: number;
  windowMinutes: number;
}

/** An attempt that may go ahead carries the id to settle once its password was checked. */
export type ThrottleVerdict =
  | { allowed: true; attemptId: number }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Reserves a sign-in attempt for `username` from `ip` before its password is checked, or
 * says how long to wait. The reservation counts as a failure until `settleLoginAttempt`
 * says otherwise, and is taken under advisory locks of the username and the address, so
 * however many attempts arrive at once, on however many server processes, at most
 * `maxFailures` per username (and 4 x that per address) are evaluated in the window.
 */
export async function reserveLoginAttempt(
  pool: pg.Pool,
  attempt: { username: string; ip: string | undefined; now: Date },
  rules: ThrottleRules,
): Promise<ThrottleVerdict> {
  const windowMs = rules.windowMinutes * 60_000;
  const windowStart = new Date(attempt.now.getTime() - windowMs);
  const row = await withTransaction(pool, { source: 'sign-in' }, async (client) => {
    await client.query(lockSubjects, [attempt.username, attempt.ip ?? null]);
    const { rows } = await client.query(reserveSql, [
      attempt.username,
      attempt.ip ?? null,
      windowStart,
      attempt.now,
      rules.maxFailures,
      rules.maxFailures * 4,
      new Date(attempt.now.getTime() + windowMs),
    ]);
    return rows[0] as { attempt_id: number | null; oldest: Date | null };
  });
  if (row.attempt_id !== null) return { allowed: true, attemptId: Number(row.attempt_id) };
  const oldest = row.oldest ? new Date(row.oldest).getTime() : attempt.now.getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest + windowMs - attempt.now.getTime()) / 1000),
  );
  return { allowed: false, retryAfterSeconds };
}

/** Records the outcome of a reserved attempt; a success no longer counts against the limit. */
export async function settleLoginAttempt(
  db: pg.Pool | pg.ClientBase,
  attemptId: number,
  succeeded: boolean,
): Promise<void> {
  await db.query('UPDATE auth.login_attempt SET succeeded = $2 WHERE id = $1', [
    attemptId,
    succeeded,
  ]);
}
