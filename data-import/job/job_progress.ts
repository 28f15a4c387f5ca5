import type pg from 'pg';
import type { ImportProgress } from '../import_report';
import { recordProgress } from './import_job';

/** Reports an import's progress: to the caller each time, to imports.job at most once a second. */
export type ReportProgress = (
  phase: ImportProgress['phase'],
  done: number,
  total: number | null,
  /** Record it in imports.job now, however recent the last record (phase changes). */
  force?: boolean,
) => void;

/** The progress reporter of job `jobId`; recording failures are ignored (the import goes on). */
export function jobProgress(
  pool: pg.Pool,
  jobId: number,
  onProgress: (progress: ImportProgress) => void,
): ReportProgress {
  let lastRecorded = 0;
  return (phase, done, total, force = false) => {
    onProgress({ jobId, phase, done, total });
    if (force || Date.now() - lastRecorded > 1000) {
      lastRecorded = Date.now();
      void recordProgress(pool, jobId, phase, done, total).catch(() => {});
    }
  };
}
