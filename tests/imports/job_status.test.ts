import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createJob, importJob } from '../../data-import/job/import_job';

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 3 });
});
afterAll(() => pool.end());

describe('import job status', () => {
  it('reads running while the importing session lives, and failed once it is gone', async () => {
    const session = new pg.Client({ connectionString: inject('databaseUrl') });
    session.on('error', () => {}); // terminated below on purpose
    await session.connect();
    const { rows } = await session.query(
      'SELECT pid, backend_start::text AS backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    const jobId = await createJob(pool, {
      kind: 'geojson',
      fileName: 'job-status-test.geojson',
      sha256: 'a'.repeat(64),
      dryRun: true,
      options: {},
      createdBy: undefined,
      backendPid: rows[0].pid,
      backendStart: rows[0].backend_start,
    });
    expect((await importJob(pool, jobId))?.status).toBe('running');
    await pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await session.end().catch(() => {});
    for (let tries = 0; tries < 50; tries++) {
      if ((await importJob(pool, jobId))?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await importJob(pool, jobId))?.status).toBe('failed');
  });
});
