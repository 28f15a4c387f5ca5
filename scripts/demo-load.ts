// Loads the demo province, migrating the database first:
//   npm run demo:load                                        (the npm start database)
//   npm run demo:load -- --parcels 1000000 --database diagis_large   (a new database beside it)
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { demoIsLoaded } from '../demo/demo_province';
import { loadConfig, redactUrl } from '../server/config';
import { migrate } from '../server/db/migrate';
import { cliDatabaseUrl } from './lib/cli_database_url';
import { createFreshDatabase } from './lib/create_fresh_database';
import { loadDemo } from './lib/load_demo';
import { migrationsDir } from './lib/prepare_database';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('expected a positive integer');
  }
  return parsed;
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer');
  return parsed;
}

// Defaults from the configuration are resolved after parsing, so --help never prints a
// password or a connection URL.
const program = new Command()
  .name('demo-load')
  .description(
    'Migrate a database and load the deterministic demo province (Sóc Trăng / Cần Thơ) into it',
  )
  .option(
    '--parcels <n>',
    'number of current parcels (default: DIAGIS_DEMO_PARCELS or 50000)',
    positiveInteger,
  )
  .option('--seed <n>', 'random seed; the same seed gives the same data', integer, 94)
  .option(
    '--database <name>',
    'create this new database on the same server and load the demo there (never an existing one)',
  )
  .option(
    '--database-url <url>',
    'PostgreSQL connection URL (default: DATABASE_URL, else the embedded cluster)',
  )
  .option(
    '--password <password>',
    "password of every demo account (default: DIAGIS_DEMO_PASSWORD or 'diagis-demo')",
  )
  .parse();

const opts = program.opts<{
  parcels?: number;
  seed: number;
  database?: string;
  databaseUrl?: string;
  password?: string;
}>();
const { config } = loadConfig();
const say = (message: string) => console.log(`[diagis] ${message}`);

let client: pg.Client | undefined;
try {
  let url = await cliDatabaseUrl(opts.databaseUrl, config, say);
  if (opts.database) url = await createFreshDatabase(url, opts.database);
  say(`Database: ${redactUrl(url)}`);
  client = new pg.Client(url);
  await client.connect();
  const applied = await migrate(client, migrationsDir, say);
  if (applied.length === 0) say('Database schema is up to date.');
  if (await demoIsLoaded(client)) {
    const { rows } = await client.query<{ parcels: number }>(
      'SELECT count(*)::int AS parcels FROM cadastre.current_parcel',
    );
    const loaded = rows[0]?.parcels ?? 0;
    if (opts.parcels !== undefined && opts.parcels !== loaded) {
      throw new Error(
        `the demo province is already loaded here (${loaded} current parcels), so --parcels ${opts.parcels} ` +
          'cannot apply; load it into a new database beside this one with ' +
          `--database <name> (e.g. npm run demo:load -- --parcels ${opts.parcels} --database diagis_demo_${opts.parcels})`,
      );
    }
    say(`The demo province is already loaded (${loaded} current parcels); nothing to do.`);
  } else {
    const parcels = opts.parcels ?? config.demo.parcels;
    say(`Loading the demo province (${parcels.toLocaleString('en')} parcels)...`);
    const started = performance.now();
    const summary = await loadDemo(client, {
      parcels,
      seed: opts.seed,
      password: opts.password ?? config.demo.password,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(`Demo province loaded in ${seconds} s (seed ${opts.seed}):`);
    say(`  communes      ${summary.communes} (legacy and current)`);
    say(`  map sheets    ${summary.mapSheets}`);
    say(`  parcels       ${summary.parcels}`);
    say(`  stations      ${summary.stations} (${summary.observations} observations)`);
    say(`  dossiers      ${summary.dossiers}`);
    say(`  users         ${summary.users.join(', ')}`);
  }
  if (opts.database) {
    say(`Serve it with DATABASE_URL set to ${redactUrl(url)} and the real password, e.g.:`);
    const embedded = !opts.databaseUrl && !config.databaseUrl;
    const { username, host, pathname } = new URL(url);
    say(
      embedded
        ? `  DATABASE_URL="postgres://${username}:$(cat ${config.dataDir}/pg.password)@${host}${pathname}" npm start`
        : '  DATABASE_URL=<that URL> npm start',
    );
  }
} catch (error) {
  console.error(`demo-load failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client?.end();
}
