import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export interface NewSession {
  /** Goes into the cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface SessionRecord {
  userId: number;
  csrfToken: string;
  expiresAt: Date;
}

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Creates a server-side session for `userId` lasting `hours` from `now`. */
export async function createSession(
  db: pg.Pool | pg.ClientBase,
  userId: number,
  details: { hours: number; now: Date; ip?: string | undefined; userAgent?: string | undefined },
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(details.now.getTime() + details.hours * 3_600_000);
  await db.query(
    `INSERT INTO auth.session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
    [
      hashToken(token),
      userId,
      csrfToken,
      details.now,
      expiresAt,
      details.ip ?? null,
      details.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie token, or undefined when unknown or expired. */
export async function findSession(
  db: pg.Pool | pg.ClientBase,
  token: string,
  now: Date,
): Promise<SessionRecord | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const { rows } = await db.query(
    `SELECT user_id, csrf_token, expires_at FROM auth.session WHERE token_hash = $1 AND expires_at > $2`,
    [hashToken(token), now],
  );
  const row = rows[0];
  return row
    ? { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at }
    : undefined;
}

/** Ends a session (logout). */
export async function deleteSession(db: pg.Pool | pg.ClientBase, token: string): Promise<void> {
  await db.query('DELETE FROM auth.session WHERE token_hash = $1', [hashToken(token)]);
}
