// Backs up the database and the attachment and scan stores into one folder:
//   npm run backup -- --to /srv/backups/diagis-2026-12-06
import { resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../server/config';
import { BackupError } from './lib/backup/backup_error';
import { createBackup } from './lib/backup/create_backup';
import { terminalProgress } from './lib/backup/progress';
import { resolveDatabaseUrl } from './lib/database_bootstrap';
import { postgresBinDir } from './lib/system_packages';

const program = new Command('backup')
  .requiredOption('--to <folder>', 'new or empty folder to write the backup into')
  .option(
    '--database-url <url>',
    'database to back up (default DATABASE_URL, else the embedded cluster)',
  )
  .option('--attachments-dir <folder>', 'attachment store (default DIAGIS_ATTACHMENTS_DIR)')
  .option('--scans-dir <folder>', 'scan store (default DIAGIS_SCANS_DIR)')
  .parse();
const opts = program.opts<{
  to: string;
  databaseUrl?: string;
  attachmentsDir?: string;
  scansDir?: string;
}>();

const say = (message: string) => console.log(`[diagis] ${message}`);
const { config } = loadConfig();
try {
  const manifest = await createBackup({
    databaseUrl: opts.databaseUrl ?? (await resolveDatabaseUrl(config, say)),
    to: resolve(opts.to),
    stores: {
      attachments: resolve(opts.attachmentsDir ?? config.dossiers.attachmentsDir),
      scans: resolve(opts.scansDir ?? config.scans.dir),
    },
    binDir: config.privateCluster.binDir ?? postgresBinDir(),
    log: say,
    progress: terminalProgress,
  });
  const rows = Object.values(manifest.tables).reduce((sum, n) => sum + n, 0);
  say(
    `backup complete in ${resolve(opts.to)}: ${Object.keys(manifest.tables).length} tables ` +
      `(${rows.toLocaleString('en')} rows), ${manifest.stores.attachments.length} attachment ` +
      `and ${manifest.stores.scans.length} scan file(s)`,
  );
} catch (error) {
  const problems = error instanceof BackupError ? error.problems : [(error as Error).message];
  console.error(`[diagis] backup FAILED, ${resolve(opts.to)} is not a usable backup:`);
  for (const problem of problems) console.error(`  - ${problem}`);
  process.exitCode = 1;
}
