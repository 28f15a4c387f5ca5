import argon2 from 'argon2';

// OWASP's argon2id recommendation (m=19 MiB, t=2, p=1) keeps a login under ~50 ms here.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id; the result embeds its own salt and parameters. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

/** True when `password` matches `hash`; false (never throws) for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
