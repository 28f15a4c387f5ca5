import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// Station NM-06 in June 2011 belongs to this file alone.
let pool: pg.Pool;
let dir: string;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  dir = mkdtempSync(join(tmpdir(), 'diagis-observations-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pool.end();
});

const stored = async () =>
  (
    await pool.query(
      `SELECT count(*)::int AS n FROM monitoring.observation o
       JOIN monitoring.station s ON s.id = o.station_id
       WHERE s.code = 'NM-06'
         AND o.observed_at >= '2011-06-01T00:00:00+07' AND o.observed_at < '2011-07-01T00:00:00+07'`,
    )
  ).rows[0].n as number;

const run = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      join(process.cwd(), 'node_modules/.bin/tsx'),
      ['scripts/import-observations.ts', ...args],
      { env: { ...process.env, DATABASE_URL: inject('databaseUrl') } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('npm run import:observations', () => {
  it('dry-runs without writing, refuses a bad file with exit code 2 and a report', async () => {
    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      'station,time,parameter,value\nNM-06,2011-06-03 08:00,TSS,31\nNM-06,2011-06-03 08:00,DO,5.5\n',
    );
    const dry = await run([good, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/imported \(dry run, nothing written\).*2 observations: 2 imported/);
    expect(await stored()).toBe(0);

    const bad = join(dir, 'bad.csv');
    const report = join(dir, 'report.csv');
    writeFileSync(
      bad,
      'station,time,parameter,value\nNM-06,2011-06-04 08:00,TSS,31\nNM-98,2011-06-04 08:00,DO,5.5\n',
    );
    const refused = await run([bad, '--report', report]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'row 3, column "station": NM-98 is not a station code (station_unknown)',
    );
    expect(readFileSync(report, 'utf8')).toContain(
      '3,station,station_unknown,NM-98 is not a station code,NM-98',
    );
    expect(await stored()).toBe(0);

    const kept = await run([bad, '--keep-good']);
    expect(kept.code).toBe(0);
    expect(await stored()).toBe(1);
  });
});
