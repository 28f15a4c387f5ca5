import type pg from 'pg';
import type { ImportJob } from '../../core/api/import_job';

/** Creates the job row (committed at once, so it is visible while the import runs). */
export async function createJob(
  db: pg.Pool,
  job: {
    kind: string;
    fileName: string;
    sha256: string;
    dryRun: boolean;
    options: object;
    createdBy: number | undefined;
    backendPid: number;
    /** pg_stat_activity.backend_start as PostgreSQL prints it (microseconds kept). */
    backendStart: string;
  },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO imports.job (kind, file_name, file_sha256, dry_run, options, created_by, backend_pid, backend_start)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz) RETURNING id`,
    [
      job.kind,
      job.fileName,
      job.sha256,
      job.dryRun,
      JSON.stringify(job.options),
      job.createdBy ?? null,
      job.backendPid,
      job.backendStart,
    ],
  );
  return Number(rows[0]?.id);
}

/** Records progress (phase, done of total) of a running job. */
export async function recordProgress(
  db: pg.Pool,
  jobId: number,
  phase: string,
  done: number,
  total: number | null,
): Promise<void> {
  await db.query(
    `UPDATE imports.job SET phase = $2, progress_done = $3, progress_total = $4 WHERE id = $1 AND status = 'running'`,
    [jobId, phase, done, total],
  );
}

/** Records what the reader found out (CRS, encoding, number of features). */
export async function recordSource(
  db: pg.Pool,
  jobId: number,
  source: { sourceSrid: number; targetSrid: number; encoding: string; features: number },
): Promise<void> {
  await db.query(
    'UPDATE imports.job SET source_srid = $2, target_srid = $3, encoding = $4, features = $5 WHERE id = $1',
    [jobId, source.sourceSrid, source.targetSrid, source.encoding, source.features],
  );
}

/** Ends a job with its outcome and counts. */
export async function finishJob(
  db: pg.Pool,
  jobId: number,
  status: 'succeeded' | 'rejected' | 'failed',
  message: string | null,
  counts: Partial<ImportJob['counts']> = {},
): Promise<void> {
  await db.query(
    `UPDATE imports.job SET status = $2, message = $3, finished_at = now(), phase = 'finished',
       created = $4, revised = $5, unchanged = $6, quarantined = $7, repaired = $8, errors = $9
     WHERE id = $1`,
    [
      jobId,
      status,
      message,
      counts.created ?? null,
      counts.revised ?? null,
      counts.unchanged ?? null,
      counts.quarantined ?? null,
      counts.repaired ?? null,
      counts.errors ?? null,
    ],
  );
}

/** One job with its effective status, or undefined. */
export async function importJob(
  db: pg.Pool | pg.ClientBase,
  jobId: number,
): Promise<ImportJob | undefined> {
  const { rows } = await db.query('SELECT * FROM imports.job_status WHERE id = $1', [jobId]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    kind: row.kind,
    fileName: row.file_name,
    status: row.effective_status,
    dryRun: row.dry_run,
    phase: row.phase,
    progressDone: row.progress_done,
    progressTotal: row.progress_total,
    sourceSrid: row.source_srid,
    targetSrid: row.target_srid,
    encoding: row.encoding,
    counts: {
      features: row.features,
      created: row.created,
      revised: row.revised,
      unchanged: row.unchanged,
      quarantined: row.quarantined,
      repaired: row.repaired,
      errors: row.errors,
    },
    message: row.message,
    createdBy: row.created_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
