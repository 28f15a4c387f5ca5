import pg from 'pg';

const namePattern = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Creates the database `name` on the server of `url` and returns the URL that reaches it.
 * Refuses a name that is taken: it never loads into, nor drops, an existing database.
 */
export async function createFreshDatabase(url: string, name: string): Promise<string> {
  if (!namePattern.test(name)) {
    throw new Error(
      `--database: must be 1-63 lower-case letters, digits or _, starting with a letter, not "${name}"`,
    );
  }
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code === '42P04') {
      throw new Error(
        `--database: database "${name}" already exists; choose a new name (an existing database is never reused or dropped)`,
      );
    }
    throw error;
  } finally {
    await client.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}
