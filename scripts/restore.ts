// Restores a backup made by `npm run backup` into an empty database and the stores:
//   npm run restore -- --from /srv/backups/diagis-2026-12-06 [--database-url <url>] [--replace]
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, redactUrl } from '../server/config';
import { BackupError } from './lib/backup/backup_error';
import { terminalProgress } from './lib/backup/progress';
import { restoreBackup } from './lib/backup/restore_backup';
import { resolveDatabaseUrl } from './lib/database_bootstrap';
import { postgresBinDir } from './lib/system_packages';

const jobCount = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 1 || parsed > 16)
    throw new InvalidArgumentError('expected an integer from 1 to 16');
  return parsed;
};

const program = new Command('restore')
  .requiredOption('--from <folder>', 'backup folder written by npm run backup')
  .option(
    '--database-url <url>',
    'database to restore into, created when missing (default DATABASE_URL, else the embedded cluster)',
  )
  .option('--replace', 'drop and recreate the target database when it is not empty', false)
  .option('--attachments-dir <folder>', 'attachment store to fill (default DIAGIS_ATTACHMENTS_DIR)')
  .option('--scans-dir <folder>', 'scan store to fill (default DIAGIS_SCANS_DIR)')
  .option('--jobs <n>', 'parallel pg_restore jobs for data and indexes', jobCount, 1)
  .parse();
const opts = program.opts<{
  from: string;
  databaseUrl?: string;
  replace: boolean;
  attachmentsDir?: string;
  scansDir?: string;
  jobs: number;
}>();

const say = (message: string) => console.log(`[diagis] ${message}`);
const { config } = loadConfig();
try {
  const databaseUrl = opts.databaseUrl ?? (await resolveDatabaseUrl(config, say));
  const manifest = await restoreBackup({
    from: resolve(opts.from),
    databaseUrl,
    replace: opts.replace,
    stores: {
      attachments: resolve(opts.attachmentsDir ?? config.dossiers.attachmentsDir),
      scans: resolve(opts.scansDir ?? config.scans.dir),
    },
    binDir: config.privateCluster.binDir ?? postgresBinDir(),
    jobs: opts.jobs,
    log: say,
    progress: terminalProgress,
  });
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  say(
    `restore complete into ${redactUrl(databaseUrl)}: ${Object.keys(manifest.tables).length} ` +
      `tables (${rows.toLocaleString('en')} rows) and ` +
      `${manifest.stores.attachments.length + manifest.stores.scans.length} file(s) match the backup`,
  );
} catch (error) {
  const problems = error instanceof BackupError ? error.problems : [(error as Error).message];
  console.error('[diagis] restore FAILED:');
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exitCode = 1;
}
