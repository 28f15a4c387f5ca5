import type pg from 'pg';
import type { CitizenIdentity } from './citizen_claims';

/**
 * Creates the account of (issuer, subject), or brings its name, ID number and e-mail up to
 * the provider's latest claims; returns its id.
 */
export async function upsertCitizenAccount(
  db: pg.Pool | pg.ClientBase,
  issuer: string,
  identity: CitizenIdentity,
  now: Date,
): Promise<number> {
  // One statement, so two sign-ins of the same citizen at once cannot both insert.
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO citizen.account (issuer, subject, full_name, id_number, email, created_at, updated_at, last_signed_in_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
     ON CONFLICT (issuer, subject) DO UPDATE
       SET full_name = EXCLUDED.full_name, id_number = EXCLUDED.id_number, email = EXCLUDED.email,
           updated_at = CASE WHEN (citizen.account.full_name, citizen.account.id_number, citizen.account.email)
                                  IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.id_number, EXCLUDED.email)
                             THEN EXCLUDED.updated_at ELSE citizen.account.updated_at END,
           last_signed_in_at = EXCLUDED.last_signed_in_at
     RETURNING id`,
    [issuer, identity.subject, identity.name, identity.idNumber, identity.email, now],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('citizen account upsert returned no row');
  return Number(id);
}
