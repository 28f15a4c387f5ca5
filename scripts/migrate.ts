import pg from 'pg';
import { loadConfig } from '../server/config';
import { migrate } from '../server/db/migrate';
import { cliDatabaseUrl } from './lib/cli_database_url';
import { migrationsDir } from './lib/prepare_database';

const say = (message: string) => console.log(`[diagis] ${message}`);
const { config } = loadConfig();
const client = new pg.Client(await cliDatabaseUrl(undefined, config, say));
await client.connect();
try {
  const applied = await migrate(client, migrationsDir, say);
  say(applied.length ? `applied ${applied.length} migration(s)` : 'schema is up to date');
} finally {
  await client.end();
}
