import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// GDAL runs as a child process against a real listening server; execFile is asynchronous so
// the server in this process keeps answering while GDAL waits.
const run = promisify(execFile);
const workDir = mkdtempSync(join(tmpdir(), 'diagis-ogc-gdal-'));
let fx: AppFixture;
let endpoint: string;

beforeAll(async () => {
  fx = await startAppFixture();
  endpoint = `OAPIF:${fx.base}/ogc`;
});
afterAll(async () => {
  await fx.close();
  rmSync(workDir, { recursive: true, force: true });
});

const currentParcels = async () =>
  (await fx.pool.query('SELECT count(*)::int AS n FROM cadastre.current_parcel')).rows[0]
    .n as number;

/** GDAL's version as [major, minor], from `ogrinfo --version` ("GDAL 3.6.2, released ..."). */
async function gdalVersion(): Promise<[number, number]> {
  const { stdout } = await run('ogrinfo', ['--version']);
  const match = /GDAL (\d+)\.(\d+)/.exec(stdout);
  return [Number(match?.[1]), Number(match?.[2])];
}

describe('GDAL OAPIF driver against the OGC API', () => {
  it('ogrinfo lists the parcels layer with the exact feature count and typed fields', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', endpoint, 'parcels'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('Layer name: parcels');
    expect(stdout).toContain(`Feature Count: ${await currentParcels()}`);
    expect(stdout).toMatch(/Geometry: Multi Polygon/);
    expect(stdout).toMatch(/legal_area: Real/);
    expect(stdout).toMatch(/sheet_no: Integer/);
    expect(stdout).toMatch(/land_use_area_2: Real/);
  });

  it('ogrinfo lists every collection as a layer', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-q', endpoint]);
    for (const layer of ['parcels', 'map_sheets', 'plan_zones', 'stations', 'admin_units']) {
      expect(stdout).toContain(`: ${layer}`);
    }
  });

  it('ogr2ogr copies every current parcel into a GeoPackage by following next links', async () => {
    const out = join(workDir, 'parcels.gpkg');
    // GDAL 3.8 and later take the page size from the `limit` maximum of /ogc/api (10,000);
    // older versions ask for 10 features a page unless PAGE_SIZE says otherwise.
    const [major, minor] = await gdalVersion();
    const pageSize = major > 3 || (major === 3 && minor >= 8) ? [] : ['-oo', 'PAGE_SIZE=10000'];
    await run('ogr2ogr', ['-f', 'GPKG', out, ...pageSize, endpoint, 'parcels'], {
      maxBuffer: 16 * 1024 * 1024,
    });
    const { stdout } = await run('ogrinfo', ['-so', out, 'parcels']);
    expect(stdout).toContain(`Feature Count: ${await currentParcels()}`);
    const { stdout: one } = await run('ogrinfo', [
      '-q',
      out,
      '-sql',
      'SELECT sheet_no, parcel_no, legal_area FROM parcels WHERE fid = 1',
    ]);
    const { rows } = await fx.pool.query(
      'SELECT sheet_no, parcel_no, legal_area::float8 AS legal_area FROM cadastre.current_parcel WHERE parcel_id = 1',
    );
    expect(one).toContain(`sheet_no (Integer) = ${rows[0].sheet_no}`);
    expect(one).toContain(`parcel_no (Integer) = ${rows[0].parcel_no}`);
    expect(one).toMatch(new RegExp(`legal_area \\(Real\\) = ${rows[0].legal_area}`));
  }, 300_000);
});
