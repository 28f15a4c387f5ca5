// Imports monitoring observations from a CSV file (long or wide layout):
//   npm run import:observations -- results.csv [--encoding cp1258] [--keep-good] [--dry-run] [--report out.csv]
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import pg from 'pg';
import { guardPoolClients } from '../core/db/client_errors';
import { csvEncodings } from '../data-import/observations/csv_decoding';
import { importObservations } from '../data-import/observations/import_observations';
import { describeProblem, reportCsv } from '../data-import/observations/observation_report';
import { cliDatabaseUrl } from './lib/cli_database_url';

const program = new Command()
  .name('import:observations')
  .description('Import monitoring observations from a CSV file (UTF-8 or cp1258, , or ;)')
  .argument(
    '<file>',
    'CSV file: station, time, then parameter+value (long) or one column per parameter (wide)',
  )
  .option(
    '--database-url <url>',
    'PostgreSQL connection URL (default: DATABASE_URL, else the embedded cluster)',
  )
  .addOption(
    new Option(
      '--encoding <name>',
      'text encoding (default: UTF-8 when valid, else cp1258)',
    ).choices([...csvEncodings]),
  )
  .option('--keep-good', 'import the good rows and report the bad ones (default: refuse the file)')
  .option('--dry-run', 'check and count everything, write nothing')
  .option('--report <file>', 'write the problems as CSV (row, column, rule, message, value)')
  .parse();

const opts = program.opts<{
  databaseUrl?: string;
  encoding?: (typeof csvEncodings)[number];
  keepGood?: boolean;
  dryRun?: boolean;
  report?: string;
}>();
const databaseUrl = await cliDatabaseUrl(opts.databaseUrl);
const path = program.args[0] as string;

// A lost connection fails the running import with its own message instead of an unhandled event.
const pool = guardPoolClients(
  new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    application_name: 'diagis-import-observations',
  }),
  () => {},
);
const bar = new cliProgress.SingleBar(
  { format: '{phase} [{bar}] {percentage}%', hideCursor: true },
  cliProgress.Presets.shades_classic,
);
let started = false;
try {
  const report = await importObservations(
    pool,
    { name: basename(path), bytes: await readFile(path) },
    {
      encoding: opts.encoding,
      keepGood: opts.keepGood === true,
      dryRun: opts.dryRun === true,
      onProgress: ({ phase, done, total }) => {
        if (!started) bar.start(100, 0, { phase: phase.padEnd(5) });
        started = true;
        bar.update(total > 0 ? Math.round((done / total) * 100) : 100, { phase: phase.padEnd(5) });
      },
    },
  );
  bar.stop();
  if (opts.report) await writeFile(opts.report, reportCsv(report));
  if (report.refusal) console.error(`${path} refused: ${report.refusal.message}`);
  for (const problem of report.problems.slice(0, 20)) console.error(describeProblem(problem));
  if (report.problems.length > 20)
    console.error(
      `... ${report.problems.length - 20} more problems${opts.report ? ` in ${opts.report}` : ' (--report out.csv lists them all)'}`,
    );
  console.log(
    `${path}: ${report.status}${report.dryRun ? ' (dry run, nothing written)' : ''}; ` +
      `${report.encoding ?? '?'}, delimiter "${report.delimiter ?? '?'}", ${report.layout ?? '?'} layout; ` +
      `${report.rows} rows, ${report.observations} observations: ${report.imported} imported, ` +
      `${report.skipped} already stored (${report.skippedDiffering} with another value, kept), ` +
      `${report.rejectedRows} rows with problems`,
  );
  process.exitCode = report.status === 'rejected' ? 2 : 0;
} catch (error) {
  bar.stop();
  console.error(`import failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
