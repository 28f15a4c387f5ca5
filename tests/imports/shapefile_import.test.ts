import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importJob } from '../../data-import/job/import_job';
import { issuesCsv, rejectedFeaturesGeoJson } from '../../data-import/report/report_downloads';
import { previewImport, runImport } from '../../data-import/run_import';
import { sourceFromPath } from '../../data-import/source/import_source';

// Fixtures (scripts/fixtures-build.ts) belong to commune 39901, created here, sheets 1-10,
// north-west of the demo province; counts are taken within that commune only.
const fixture = (name: string) => new URL(`../fixtures/import/${name}`, import.meta.url).pathname;
const source = (name: string) => sourceFromPath(fixture(name), 10_000_000);

let pool: pg.Pool;
beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
  await pool.query(
    `INSERT INTO admin.unit (code, level, kind, name, valid)
     SELECT '39901', 'commune', 'xã', 'Xã Thử Nghiệm Nhập', '[2000-01-01,)'
     WHERE NOT EXISTS (SELECT 1 FROM admin.unit WHERE code = '39901')`,
  );
});
afterAll(() => pool.end());

const parcelsOnSheet = async (sheet: number) =>
  (
    await pool.query(
      `SELECT v.parcel_no, v.land_address, v.source_kind, v.source_ref, v.version_no,
              (SELECT string_agg(lu.code || ':' || coalesce(lu.original_code, ''), ',' ORDER BY lu.seq)
                 FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.id) AS uses,
              (SELECT string_agg(p.full_name, ',') FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id
                 WHERE r.parcel_id = v.parcel_id AND upper_inf(r.valid)) AS holders
       FROM cadastre.parcel_version v JOIN admin.unit u ON u.id = v.commune_id
       WHERE v.status = 'committed' AND upper_inf(v.valid) AND u.code = '39901' AND v.sheet_no = $1
       ORDER BY v.parcel_no`,
      [sheet],
    )
  ).rows;

describe('shapefile import', () => {
  it('imports a UTF-8 shapefile with .cpg: Unicode names, legacy codes kept, holders in the registry, job as source', async () => {
    const report = await runImport(pool, await source('utf8_cpg/parcels.shp'));
    expect(report).toMatchObject({
      status: 'succeeded',
      sourceSrid: 9209,
      encoding: 'utf-8',
      created: 3,
      quarantined: 0,
    });
    const rows = await parcelsOnSheet(1);
    expect(rows.map((row) => row.parcel_no)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({
      source_kind: 'import',
      source_ref: `import-job:${report.jobId}`,
      holders: 'Nguyễn Văn Hùng',
      land_address: 'Ấp Hòa Mỹ, Sóc Trăng',
      uses: 'ONT:,CLN:',
    });
    expect(rows[1]?.uses).toBe('HNK:BHK');
    expect((await importJob(pool, report.jobId))?.status).toBe('succeeded');
  });

  it('imports the same file twice (folder, then zipped) without duplicates or new versions', async () => {
    // The folder first (new here when this test runs alone, unchanged after the test above).
    const first = await runImport(pool, await source('utf8_cpg/parcels.shp'));
    expect(first).toMatchObject({ status: 'succeeded', revised: 0, quarantined: 0 });
    expect(first.created + first.unchanged).toBe(3);
    const again = await runImport(pool, await source('utf8_cpg.zip'));
    expect(again).toMatchObject({ status: 'succeeded', created: 0, revised: 0, unchanged: 3 });
    const rows = await parcelsOnSheet(1);
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.version_no === 1)).toBe(true);
  });

  it('detects TCVN3 (no .cpg, OGC WKT) and VNI (legacy .prj name) and reads names back as Unicode', async () => {
    const tcvn3 = await runImport(pool, await source('tcvn3/parcels.shp'));
    expect(tcvn3).toMatchObject({ status: 'succeeded', encoding: 'tcvn3', created: 3 });
    expect((await parcelsOnSheet(2))[0]?.holders).toBe('Nguyễn Văn Hùng');
    const vni = await runImport(pool, await source('vni/parcels.shp'));
    expect(vni).toMatchObject({
      status: 'succeeded',
      encoding: 'vni-windows',
      sourceSrid: 9209,
      created: 3,
    });
    const rows = await parcelsOnSheet(3);
    expect(rows[0]).toMatchObject({
      holders: 'Nguyễn Văn Hùng',
      land_address: 'Ấp Hòa Mỹ, Sóc Trăng',
    });
    expect(rows[2]?.holders).toBe('Hộ ông Đặng Quốc Việt');
  });

  it('previews decoded names, CRS and field mapping without writing', async () => {
    const meta = await previewImport(pool, await source('vni/parcels.shp'));
    expect(meta).toMatchObject({
      sourceSrid: 9209,
      encoding: 'vni-windows',
      features: 3,
      fieldMap: { sheet: 'SHBANDO', parcel: 'SHTHUA', holder: 'TenChu' },
    });
    expect(meta.preview.map((feature) => feature.holder)).toContain('Trần Thị Bích Ngọc');
  });

  it('stops without a .prj and asks for a CRS', async () => {
    const report = await runImport(pool, await source('no_prj/parcels.shp'));
    expect(report.status).toBe('rejected');
    expect(report.refusal?.code).toBe('crs_unknown');
    expect((await parcelsOnSheet(4)).length).toBe(0);
    const chosen = await runImport(pool, await source('no_prj/parcels.shp'), {
      srid: 9209,
      dryRun: true,
    });
    expect(chosen).toMatchObject({ status: 'succeeded', dryRun: true, created: 3 });
    expect((await parcelsOnSheet(4)).length).toBe(0);
  });

  it('reports each bad feature with its rule and imports the rest; the report downloads as CSV and GeoJSON', async () => {
    const report = await runImport(pool, await source('bad_features/parcels.shp'));
    expect(report).toMatchObject({ status: 'succeeded', created: 1, quarantined: 7 });
    expect(report.rules).toMatchObject({
      invalid_geometry: 1,
      ring_too_few_points: 1,
      null_geometry: 1,
      duplicate_in_file: 2,
      area_mismatch: 1,
      unknown_land_use_code: 1,
    });
    const { rows } = await pool.query(
      `SELECT feature_no, rule, message, ST_X(location) AS lon FROM imports.feature_issue WHERE job_id = $1 ORDER BY feature_no`,
      [report.jobId],
    );
    expect(rows.find((row) => row.rule === 'invalid_geometry')?.message).toMatch(
      /Self-intersection at 520430\.000 1090012\.500/,
    );
    expect(rows.find((row) => row.rule === 'invalid_geometry')?.lon).toBeCloseTo(105.688, 2);
    expect(rows.find((row) => row.rule === 'ring_too_few_points')?.message).toMatch(/3 points/);
    expect((await parcelsOnSheet(5)).map((row) => row.parcel_no)).toEqual([1]);
    const csv = await issuesCsv(pool, report.jobId);
    expect(csv.split('\n')[0]).toContain('feature_no,severity,rule,message');
    expect(csv).toContain('duplicate_in_file');
    const geojson = (await rejectedFeaturesGeoJson(pool, report.jobId)) as {
      features: { properties: { rules: string[]; holder?: string } }[];
    };
    expect(geojson.features).toHaveLength(7);
    expect(geojson.features.some((feature) => feature.properties.holder === 'Bản Hai')).toBe(true);
  });

  it('repairs the bow-tie with ST_MakeValid only on request, and rejects the whole file on request', async () => {
    const repaired = await runImport(pool, await source('bad_features/parcels.shp'), {
      onError: 'repair',
      dryRun: true,
    });
    expect(repaired).toMatchObject({ repaired: 1, created: 1, unchanged: 1, quarantined: 6 });
    const rejected = await runImport(pool, await source('bad_features/parcels.shp'), {
      onError: 'reject',
    });
    expect(rejected.status).toBe('rejected');
    expect((await importJob(pool, rejected.jobId))?.status).toBe('rejected');
  });

  it('refuses an overlap with an existing parcel beyond the tolerance', async () => {
    const report = await runImport(pool, await source('overlap/parcels.shp'));
    expect(report).toMatchObject({ created: 0, quarantined: 1, rules: { overlaps_existing: 1 } });
    const { rows } = await pool.query(
      `SELECT message FROM imports.feature_issue WHERE job_id = $1`,
      [report.jobId],
    );
    expect(rows[0]?.message).toMatch(/sheet 1 parcel 1\) by 250\.0 m²/);
  });

  it('refuses the later of two features of one file that overlap each other', async () => {
    // Three 40 m squares far west of everything else (105.08 E, 10.38 N, this file's place in
    // tests/support/sample_areas.ts), sheet 20 of 39901:
    // the second overlaps the first by a 10 m strip, the third stands alone.
    const degree = 40 / 111_320;
    const square = (west: number) => [
      [
        [west, 10.38],
        [west + degree, 10.38],
        [west + degree, 10.38 + degree],
        [west, 10.38 + degree],
        [west, 10.38],
      ],
    ];
    const features = [105.08, 105.08 + degree * 0.75, 105.08 + degree * 3].map((west, index) => ({
      type: 'Feature',
      properties: { MaXa: '39901', SoTo: 20, SoThua: index + 1, LoaiDat: 'ONT' },
      geometry: { type: 'Polygon', coordinates: square(west) },
    }));
    const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
    const report = await runImport(pool, {
      name: 'overlap_in_file.geojson',
      files: [{ name: 'overlap_in_file.geojson', data: file }],
    });
    expect(report).toMatchObject({
      status: 'succeeded',
      created: 2,
      quarantined: 1,
      rules: { overlaps_in_file: 1 },
    });
    const { rows } = await pool.query(
      `SELECT feature_no, message FROM imports.feature_issue WHERE job_id = $1 AND rule = 'overlaps_in_file'`,
      [report.jobId],
    );
    expect(rows).toEqual([
      {
        feature_no: 2,
        message: expect.stringMatching(
          /^overlaps feature 1 of the same file \(sheet 20 parcel 1\) by 3\d\d\.\d m²/,
        ),
      },
    ]);
  });

  it.each([
    ['truncated/parcels.shp', 'file_truncated'],
    ['count_mismatch/parcels.shp', 'file_inconsistent'],
    ['evil.zip', 'file_unsafe'],
    ['link.zip', 'file_unsafe'],
    ['swapped_axes.geojson', 'crs_outside_province'],
  ])('refuses %s as a whole (%s) and writes nothing', async (file, code) => {
    const report = await runImport(pool, await source(file));
    expect(report.status).toBe('rejected');
    expect(report.refusal?.code).toBe(code);
    expect(report.created).toBe(0);
  });

  it('reads a parcel corner at the DOMAIN.md check point back in WGS84 within 1 cm', async () => {
    const report = await runImport(pool, await source('check_point/parcels.shp'));
    expect(report.created).toBe(1);
    const { rows } = await pool.query(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM cadastre.current_parcel v,
              ST_Transform(ST_PointN(ST_ExteriorRing(ST_GeometryN(v.geom, 1)), 1), 4326) AS p
       WHERE v.commune_code = '39901' AND v.sheet_no = 7`,
    );
    expect(Math.abs(rows[0].lon - 105.97)).toBeLessThan(1e-7);
    expect(Math.abs(rows[0].lat - 9.6)).toBeLessThan(1e-7);
  });

  it('imports RFC 7946 GeoJSON (WGS84) into the 105-30 zone', async () => {
    const report = await runImport(pool, {
      name: 'parcels.geojson',
      files: [{ name: 'parcels.geojson', data: readFileSync(fixture('parcels.geojson')) }],
    });
    expect(report).toMatchObject({
      status: 'succeeded',
      sourceSrid: 4326,
      targetSrid: 9209,
      created: 2,
    });
    expect((await parcelsOnSheet(9))[0]?.holders).toBe('Phạm Thị Hồng');
  });
});
