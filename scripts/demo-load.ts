// Loads the demo province into a migrated diagis database:
//   npm run demo:load -- --parcels 50000 --seed 94 --database-url postgres://...
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { demoIsLoaded, loadDemoProvince } from '../data-import/demo/demo_province';

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

// Defaults from the environment are resolved after parsing, so --help never prints a
// password or a connection URL.
const program = new Command()
  .name('demo-load')
  .description(
    'Load the deterministic demo province (Sóc Trăng / Cần Thơ) into an empty migrated database',
  )
  .option('--parcels <n>', 'number of current parcels (default: env DIAGIS_DEMO_PARCELS or 50000)')
  .option('--seed <n>', 'random seed; the same seed gives the same data', integer, 94)
  .option('--database-url <url>', 'PostgreSQL connection URL (default: env DATABASE_URL)')
  .option(
    '--password <password>',
    "password of every demo account (default: env DIAGIS_DEMO_PASSWORD or 'diagis-demo')",
  )
  .parse();

const parsed = program.opts<{
  parcels?: string;
  seed: number;
  databaseUrl?: string;
  password?: string;
}>();
let parcels = 0;
try {
  parcels = positiveInteger(parsed.parcels ?? process.env.DIAGIS_DEMO_PARCELS ?? '50000');
} catch (error) {
  program.error(`--parcels / DIAGIS_DEMO_PARCELS: ${(error as Error).message}`);
}
const databaseUrl = parsed.databaseUrl ?? process.env.DATABASE_URL;
if (!databaseUrl) {
  program.error('a database is required: pass --database-url or set DATABASE_URL');
}
const options = {
  parcels,
  seed: parsed.seed,
  password: parsed.password ?? process.env.DIAGIS_DEMO_PASSWORD ?? 'diagis-demo',
};

const client = new pg.Client(databaseUrl);
const bar = new cliProgress.SingleBar(
  { format: '{step} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false },
  cliProgress.Presets.shades_classic,
);
let currentStep = '';

try {
  await client.connect();
  if (await demoIsLoaded(client)) {
    console.log('The demo province is already loaded; nothing to do.');
  } else {
    const started = performance.now();
    bar.start(1, 0, { step: 'starting' });
    const summary = await loadDemoProvince(client, {
      parcels: options.parcels,
      seed: options.seed,
      demoPassword: options.password,
      onProgress: (step, done, total) => {
        if (step !== currentStep) {
          currentStep = step;
          bar.setTotal(total);
        }
        bar.update(done, { step: step.padEnd(17) });
      },
    });
    bar.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Demo province loaded in ${seconds} s (seed ${options.seed}):`);
    console.log(`  communes      ${summary.communes} (legacy and current)`);
    console.log(`  map sheets    ${summary.mapSheets}`);
    console.log(`  parcels       ${summary.parcels}`);
    console.log(`  stations      ${summary.stations} (${summary.observations} observations)`);
    console.log(`  dossiers      ${summary.dossiers}`);
    console.log(`  users         ${summary.users.join(', ')} (password from --password)`);
  }
} catch (error) {
  bar.stop();
  console.error(`demo-load failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await client.end();
}
