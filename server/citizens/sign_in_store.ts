import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

/** What the callback must check: the values sent to the provider with the redirect. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The redirect_uri sent to the provider; the token request repeats it. */
  redirectUri: string;
  /** Where the browser goes once signed in (a path on this site). */
  returnTo: string;
}

/** How long a citizen may take at the provider before the sign-in is void. */
export const signInMinutes = 10;

const hashBinding = (binding: string): Buffer => createHash('sha256').update(binding).digest();

/**
 * Stores a sign-in in progress and returns the random binding that goes into the browser's
 * sign-in cookie (only its hash is stored). Expired sign-ins of anybody are removed.
 */
export async function savePendingSignIn(
  db: pg.Pool | pg.ClientBase,
  pending: PendingSignIn,
  now: Date,
): Promise<{ binding: string; expiresAt: Date }> {
  const binding = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + signInMinutes * 60_000);
  await db.query('DELETE FROM citizen.sign_in WHERE expires_at <= $1', [now]);
  await db.query(
    `INSERT INTO citizen.sign_in (binding_hash, state, nonce, code_verifier, redirect_uri, return_to, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      hashBinding(binding),
      pending.state,
      pending.nonce,
      pending.codeVerifier,
      pending.redirectUri,
      pending.returnTo,
      now,
      expiresAt,
    ],
  );
  return { binding, expiresAt };
}

/**
 * Takes the sign-in of a cookie binding out of the store: it is deleted in the same
 * statement, so a provider answer is processed at most once. Undefined when unknown or
 * expired.
 */
export async function takePendingSignIn(
  db: pg.Pool | pg.ClientBase,
  binding: string,
  now: Date,
): Promise<PendingSignIn | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(binding)) return undefined;
  const { rows } = await db.query(
    `DELETE FROM citizen.sign_in WHERE binding_hash = $1
     RETURNING state, nonce, code_verifier, redirect_uri, return_to, expires_at`,
    [hashBinding(binding)],
  );
  const row = rows[0];
  if (!row || row.expires_at <= now) return undefined;
  return {
    state: row.state,
    nonce: row.nonce,
    codeVerifier: row.code_verifier,
    redirectUri: row.redirect_uri,
    returnTo: row.return_to,
  };
}
