import type pg from 'pg';

export interface ThrottleRules {
  /** Failed attempts allowed per username (and per address x4) inside the window. */
  maxFailures: number;
  windowMinutes: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

// Failures for this username from anywhere, and from this address for any username
// (password spraying); kept in the database so every server instance sees them.
const recentFailures = `
  SELECT count(*) FILTER (WHERE username = $1) AS by_username,
         count(*) FILTER (WHERE ip = $2) AS by_ip,
         min(attempted_at) AS oldest
  FROM auth.login_attempt
  WHERE NOT succeeded AND attempted_at > $3 AND attempted_at <= $4 AND (username = $1 OR ip = $2)`;

/** Decides whether another login attempt for `username` from `ip` may be tried now. */
export async function checkLoginThrottle(
  db: pg.Pool | pg.ClientBase,
  attempt: { username: string; ip: string | undefined; now: Date },
  rules: ThrottleRules,
): Promise<ThrottleVerdict> {
  const windowStart = new Date(attempt.now.getTime() - rules.windowMinutes * 60_000);
  const { rows } = await db.query(recentFailures, [
    attempt.username,
    attempt.ip ?? null,
    windowStart,
    attempt.now,
  ]);
  const row = rows[0];
  const byUsername = Number(row.by_username);
  const byIp = Number(row.by_ip);
  if (byUsername < rules.maxFailures && byIp < rules.maxFailures * 4) return { allowed: true };
  const oldest = row.oldest ? new Date(row.oldest).getTime() : attempt.now.getTime();
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((oldest + rules.windowMinutes * 60_000 - attempt.now.getTime()) / 1000),
  );
  return { allowed: false, retryAfterSeconds };
}

/** Records the outcome of a login attempt. */
export async function recordLoginAttempt(
  db: pg.Pool | pg.ClientBase,
  attempt: { username: string; ip: string | undefined; now: Date; succeeded: boolean },
): Promise<void> {
  await db.query(
    'INSERT INTO auth.login_attempt (username, ip, attempted_at, succeeded) VALUES ($1, $2, $3, $4)',
    [attempt.username, attempt.ip ?? null, attempt.now, attempt.succeeded],
  );
}
