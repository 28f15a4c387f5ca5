import pg from 'pg';
import { redactUrl } from '../../../server/config';
import { BackupError } from './backup_error';

// What the database already holds besides extensions' own objects (spatial_ref_sys of a
// CREATE EXTENSION postgis does not make a database non-empty).
const userRelationsSql = `
  SELECT n.nspname || '.' || c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT EXISTS (SELECT FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1`;

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
};

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Relations of the database at `url` that are not an extension's; undefined when it does not exist. */
async function userRelations(url: string): Promise<string[] | undefined> {
  try {
    return await withClient(url, async (client) => {
      const { rows } = await client.query<{ name: string }>(userRelationsSql);
      return rows.map((row) => row.name);
    });
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return undefined;
    throw error;
  }
}

/**
 * Makes the database of `url` an empty one to restore into: creates it when it does not
 * exist (through the server's `postgres` database); refuses one that holds tables unless
 * `replace`, which drops and recreates it.
 */
export async function prepareTargetDatabase(
  url: string,
  replace: boolean,
  log: (message: string) => void,
): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!database) throw new BackupError([`${redactUrl(url)} names no database`]);
  const adminUrl = withDatabase(url, 'postgres');
  const relations = await userRelations(url);
  const quoted = pg.escapeIdentifier(database);
  if (relations === undefined) {
    log(`creating database ${database}...`);
    await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${quoted}`));
    return;
  }
  if (relations.length === 0) return;
  if (!replace) {
    const named = relations.slice(0, 5).join(', ');
    const more = relations.length > 5 ? ` and ${relations.length - 5} more` : '';
    throw new BackupError([
      `database ${database} is not empty (${named}${more}): restore into an empty database, ` +
        'or pass --replace to drop it and restore in its place',
    ]);
  }
  log(`dropping and recreating database ${database} (--replace)...`);
  await withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE ${quoted} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoted}`);
  });
}
