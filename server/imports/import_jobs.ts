import type pg from 'pg';
import type { ImportJob, ImportRuleCount } from '../../core/api/import_job';
import { importJob } from '../../data-import/job/import_job';

/** The rules of a job's validation report with the number of features each concerns. */
export async function jobRules(db: pg.Pool, jobId: number): Promise<ImportRuleCount[]> {
  const { rows } = await db.query<ImportRuleCount>(
    `SELECT rule, severity, count(DISTINCT feature_no)::int AS features
     FROM imports.feature_issue WHERE job_id = $1 GROUP BY rule, severity ORDER BY rule, severity`,
    [jobId],
  );
  return rows;
}

/** One job with its status (a running job whose session is gone reads as failed). */
export const liveJob = (db: pg.Pool, jobId: number): Promise<ImportJob | undefined> =>
  importJob(db, jobId);

/** The `limit` most recent jobs, newest first, with their effective status. */
export async function recentJobs(db: pg.Pool, limit: number): Promise<ImportJob[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM imports.job ORDER BY id DESC LIMIT $1',
    [limit],
  );
  const jobs = await Promise.all(rows.map((row) => liveJob(db, Number(row.id))));
  return jobs.filter((job): job is ImportJob => job !== undefined);
}
