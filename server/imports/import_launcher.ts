import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { ImportOptions } from '../../data-import/import_options';
import { type ImportReport, runImport } from '../../data-import/run_import';
import type { ImportSource } from '../../data-import/source/import_source';
import type { Logger } from '../logger';

const newJobOf = `SELECT id FROM imports.job
  WHERE id > $1 AND created_by = $2 AND file_name = $3 ORDER BY id LIMIT 1`;

/**
 * Runs imports in the background and answers with the job id as soon as the job row exists,
 * even when the import itself still waits for another one (imports are serialised by the
 * library's advisory lock). runImport tells its job id only once rows are read, so the
 * launcher looks the row up: starts are taken one at a time, and the job is the first one
 * after the highest id seen before, for this user and file name.
 */
export class ImportLauncher {
  private starting: Promise<unknown> = Promise.resolve();
  constructor(private readonly deps: { pool: pg.Pool; logger: Logger }) {}

  /** Starts the import; `settled` runs when it has ended either way. Resolves with the job id. */
  start(
    source: ImportSource,
    options: ImportOptions & { userId: number },
    settled: () => void,
  ): Promise<number> {
    const turn = this.starting.then(() => this.launch(source, options, settled));
    this.starting = turn.catch(() => {});
    return turn;
  }

  private async launch(
    source: ImportSource,
    options: ImportOptions & { userId: number },
    settled: () => void,
  ): Promise<number> {
    const { pool, logger } = this.deps;
    let before: number;
    try {
      const { rows } = await pool.query('SELECT coalesce(max(id), 0) AS id FROM imports.job');
      before = Number(rows[0]?.id);
    } catch (error) {
      settled();
      throw error;
    }
    let outcome: { report: ImportReport } | { error: unknown } | undefined;
    runImport(pool, source, options)
      .then(
        (report) => {
          outcome = { report };
          logger.info(
            { jobId: report.jobId, status: report.status, refusal: report.refusal },
            'import finished',
          );
        },
        (error: unknown) => {
          outcome = { error };
          logger.error({ err: error, file: source.name }, 'import failed');
        },
      )
      .finally(settled);
    for (;;) {
      const found = await pool.query(newJobOf, [before, options.userId, source.name]);
      if (found.rows[0]) return Number(found.rows[0].id);
      if (outcome && 'report' in outcome) return outcome.report.jobId;
      if (outcome) throw outcome.error;
      await sleep(50);
    }
  }
}
