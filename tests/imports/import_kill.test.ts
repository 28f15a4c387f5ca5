import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { rectangle, writeShapefile } from '../../data-import/shapefile/shapefile_writer';

// Commune 39902 and the area around 105.32 E, 10.13 N belong to this test alone.
let pool: pg.Pool;
let dir: string;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  await pool.query(
    `INSERT INTO admin.unit (code, level, kind, name, valid)
     SELECT '39902', 'commune', 'xã', 'Xã Thử Ngắt', '[2000-01-01,)'
     WHERE NOT EXISTS (SELECT 1 FROM admin.unit WHERE code = '39902')`,
  );
  dir = mkdtempSync(join(tmpdir(), 'diagis-kill-'));
  const parcels = 150_000;
  const files = writeShapefile(
    [
      { name: 'MaXa', type: 'C', length: 5 },
      { name: 'SoTo', type: 'N', length: 4 },
      { name: 'SoThua', type: 'N', length: 6 },
      { name: 'LoaiDat', type: 'C', length: 3 },
    ],
    Array.from({ length: parcels }, (_, i) => {
      const x = 480_000 + (i % 400) * 20;
      const y = 1_120_000 + Math.floor(i / 400) * 25;
      return {
        polygons: rectangle(x, y),
        values: [
          Buffer.from('39902'),
          Math.floor(i / 1000) + 1,
          (i % 1000) + 1,
          Buffer.from('LUC'),
        ],
      };
    }),
  );
  for (const part of ['shp', 'shx', 'dbf'] as const)
    writeFileSync(join(dir, `kill.${part}`), files[part]);
  writeFileSync(join(dir, 'kill.prj'), 'EPSG:9209');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pool.end();
});

const count = async () =>
  Number(
    (
      await pool.query(
        `SELECT count(*) AS n FROM cadastre.current_parcel WHERE commune_code = '39902'`,
      )
    ).rows[0].n,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('killing an import', () => {
  it('leaves no parcel behind and the job reads as failed', async () => {
    const before = await count();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/import.ts',
        join(dir, 'kill.shp'),
        '--database-url',
        inject('databaseUrl'),
      ],
      {
        stdio: 'ignore',
      },
    );
    let job: { id: number; effective_status: string } | undefined;
    for (let waited = 0; waited < 60_000 && !job; waited += 100) {
      await sleep(100);
      const { rows } = await pool.query(
        `SELECT id, effective_status FROM imports.job_status
         WHERE file_name = 'kill.shp' AND status = 'running' AND progress_done > 0 ORDER BY id DESC LIMIT 1`,
      );
      job = rows[0];
    }
    expect(job, 'the import never reported progress').toBeDefined();
    child.kill('SIGKILL');
    let status = 'running';
    for (let waited = 0; waited < 30_000 && status === 'running'; waited += 200) {
      await sleep(200);
      status = (
        await pool.query('SELECT effective_status FROM imports.job_status WHERE id = $1', [job?.id])
      ).rows[0].effective_status;
    }
    expect(status).toBe('failed');
    expect(await count()).toBe(before);
  }, 180_000);
});
