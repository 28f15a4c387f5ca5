import type pg from 'pg';
import type { ImportOptions } from '../../data-import/import_options';
import { runImport } from '../../data-import/run_import';
import type { ImportSource } from '../../data-import/source/import_source';
import type { Logger } from '../logger';

/**
 * Runs imports in the background and answers with the job id as soon as the job row
 * exists (the library reports it before it waits for another import's lock), or with the
 * failure when the import could not even create its job.
 */
export class ImportLauncher {
  constructor(private readonly deps: { pool: pg.Pool; logger: Logger }) {}

  /** Starts the import; `settled` runs when it has ended either way. Resolves with the job id. */
  start(
    source: ImportSource,
    options: ImportOptions & { userId: number },
    settled: () => void,
  ): Promise<number> {
    const { pool, logger } = this.deps;
    return new Promise((resolve, reject) => {
      runImport(pool, source, options, (progress) => resolve(progress.jobId))
        .then(
          (report) => {
            resolve(report.jobId);
            logger.info(
              { jobId: report.jobId, status: report.status, refusal: report.refusal },
              'import finished',
            );
          },
          (error: unknown) => {
            reject(error);
            logger.error({ err: error, file: source.name }, 'import failed');
          },
        )
        .finally(settled);
    });
  }
}
