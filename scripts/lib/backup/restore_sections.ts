import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { BackupError } from './backup_error';
import { pgConnection, runPgTool } from './pg_tools';
import type { Progress } from './progress';
import { type SrsRow, writeProjectSrs } from './project_srs';

/** What `restoreSections` needs. */
export interface SectionsRequest {
  archive: string;
  url: string;
  /** An open connection to the same database, for the spatial_ref_sys rows. */
  client: pg.ClientBase;
  binDir: string;
  jobs: number;
  srsRows: SrsRow[];
  tableCount: number;
  log: (message: string) => void;
  progress: Progress;
}

const srsDataEntry = /^\d+; \d+ \d+ TABLE DATA public spatial_ref_sys /;

/**
 * Restores the archive in the order diagis needs: schema (pre-data); the spatial_ref_sys
 * rows pg_dump kept (those outside PostGIS's own ranges); the project's rows from the
 * backup, overwriting PostGIS's EPSG rows of the same SRIDs; then the data, whose
 * generated 3857 columns are computed with those rows; then indexes, constraints and
 * triggers (post-data). Objects are owned by the restoring user (`--no-owner`).
 */
export async function restoreSections(request: SectionsRequest): Promise<void> {
  const { archive, binDir, log } = request;
  const connection = pgConnection(request.url);
  const common = [`--dbname=${connection.dbname}`, '--no-owner', '--exit-on-error', '--verbose'];
  const parallel = request.jobs > 1 ? [`--jobs=${request.jobs}`] : [];
  const list = spawnSync(join(binDir, 'pg_restore'), ['--list', archive], { encoding: 'utf8' });
  if (list.status !== 0) {
    throw new BackupError([`pg_restore cannot read ${archive}: ${list.stderr.trim()}`]);
  }
  const entries = list.stdout.split('\n');
  const srsEntries = entries.filter((line) => srsDataEntry.test(line));
  const otherEntries = entries.map((line) => (srsDataEntry.test(line) ? `;${line}` : line));
  const listDir = await mkdtemp(join(tmpdir(), 'diagis-restore-'));
  try {
    const srsList = join(listDir, 'spatial_ref_sys.list');
    const otherList = join(listDir, 'other.list');
    await writeFile(srsList, `${srsEntries.join('\n')}\n`);
    await writeFile(otherList, `${otherEntries.join('\n')}\n`);

    log('restoring the schema (pre-data)...');
    await runPgTool(
      binDir,
      'pg_restore',
      [...common, '--section=pre-data', archive],
      connection.env,
    );
    if (srsEntries.length > 0) {
      await runPgTool(
        binDir,
        'pg_restore',
        [...common, '--section=data', `--use-list=${srsList}`, archive],
        connection.env,
      );
    }
    log(`putting back ${request.srsRows.length} spatial_ref_sys rows of the project...`);
    await writeProjectSrs(request.client, request.srsRows);

    log('restoring the data...');
    const step = request.progress('restoring tables', request.tableCount);
    try {
      await runPgTool(
        binDir,
        'pg_restore',
        [...common, '--section=data', `--use-list=${otherList}`, ...parallel, archive],
        connection.env,
        (line) => {
          const table = /processing data for table "([^"]+)"/.exec(line)?.[1];
          if (table) step.tick(table);
        },
      );
    } finally {
      step.stop();
    }
    log('building indexes, constraints and triggers (post-data)...');
    await runPgTool(
      binDir,
      'pg_restore',
      [...common, '--section=post-data', ...parallel, archive],
      connection.env,
    );
  } finally {
    await rm(listDir, { recursive: true, force: true });
  }
}
