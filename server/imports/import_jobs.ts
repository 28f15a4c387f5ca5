import type pg from 'pg';
import { type ImportJob, importJob } from '../../data-import/job/import_job';

/** How many features broke one rule in a job's validation report. */
export interface RuleCount {
  rule: string;
  severity: 'error' | 'warning' | 'repaired';
  features: number;
}

/** The rules of a job's validation report with the number of features each concerns. */
export async function jobRules(db: pg.Pool, jobId: number): Promise<RuleCount[]> {
  const { rows } = await db.query<RuleCount>(
    `SELECT rule, severity, count(DISTINCT feature_no)::int AS features
     FROM imports.feature_issue WHERE job_id = $1 GROUP BY rule, severity ORDER BY rule, severity`,
    [jobId],
  );
  return rows;
}

// imports.job_status compares pg_stat_activity.backend_start (microseconds) with the copy
// the library stored through a JS Date (milliseconds), so a running job almost always reads
// as failed there. Until that is fixed in data-import, a job whose session is alive within
// that millisecond is running.
const sessionAlive = `SELECT EXISTS (
    SELECT 1 FROM imports.job j JOIN pg_stat_activity a ON a.pid = j.backend_pid
    WHERE j.id = $1 AND j.status = 'running'
      AND abs(extract(epoch FROM a.backend_start - j.backend_start)) < 0.001) AS alive`;

/** One job (`importJob`) with its status corrected for a live session; undefined when none. */
export async function liveJob(db: pg.Pool, jobId: number): Promise<ImportJob | undefined> {
  const job = await importJob(db, jobId);
  if (job?.status !== 'failed') return job;
  const { rows } = await db.query<{ alive: boolean }>(sessionAlive, [jobId]);
  return rows[0]?.alive ? { ...job, status: 'running' } : job;
}

/** The `limit` most recent jobs, newest first, with their effective status. */
export async function recentJobs(db: pg.Pool, limit: number): Promise<ImportJob[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM imports.job ORDER BY id DESC LIMIT $1',
    [limit],
  );
  const jobs = await Promise.all(rows.map((row) => liveJob(db, Number(row.id))));
  return jobs.filter((job): job is ImportJob => job !== undefined);
}
