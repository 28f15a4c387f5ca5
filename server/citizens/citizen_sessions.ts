import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

/** A citizen signed in: what the citizen routes see (never a provider token). */
export interface CitizenPrincipal {
  accountId: number;
  name: string;
  idNumber: string;
  email: string | null;
}

export interface CitizenSession {
  citizen: CitizenPrincipal;
  csrfToken: string;
  expiresAt: Date;
}

export interface NewCitizenSession {
  /** Goes into the cookie; only its SHA-256 is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * Starts a session for the citizen account `accountId`, lasting `hours` from `now`; the
 * account's expired sessions are removed on the way.
 */
export async function createCitizenSession(
  db: pg.Pool | pg.ClientBase,
  accountId: number,
  details: { hours: number; now: Date; ip?: string | undefined; userAgent?: string | undefined },
): Promise<NewCitizenSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(details.now.getTime() + details.hours * 3_600_000);
  await db.query('DELETE FROM citizen.session WHERE account_id = $1 AND expires_at <= $2', [
    accountId,
    details.now,
  ]);
  await db.query(
    `INSERT INTO citizen.session (token_hash, account_id, csrf_token, created_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      hashToken(token),
      accountId,
      csrfToken,
      details.now,
      expiresAt,
      details.ip ?? null,
      details.userAgent?.slice(0, 300) ?? null,
    ],
  );
  return { token, csrfToken, expiresAt };
}

/** The live citizen session of a cookie token, or undefined when unknown or expired. */
export async function findCitizenSession(
  db: pg.Pool | pg.ClientBase,
  token: string,
  now: Date,
): Promise<CitizenSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const { rows } = await db.query(
    `SELECT s.csrf_token, s.expires_at, a.id, a.full_name, a.id_number, a.email
     FROM citizen.session s JOIN citizen.account a ON a.id = s.account_id
     WHERE s.token_hash = $1 AND s.expires_at > $2`,
    [hashToken(token), now],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    citizen: {
      accountId: Number(row.id),
      name: row.full_name,
      idNumber: row.id_number,
      email: row.email,
    },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** Ends a citizen session (sign-out). */
export async function deleteCitizenSession(
  db: pg.Pool | pg.ClientBase,
  token: string,
): Promise<void> {
  await db.query('DELETE FROM citizen.session WHERE token_hash = $1', [hashToken(token)]);
}
