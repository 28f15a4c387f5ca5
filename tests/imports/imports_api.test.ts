import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// Commune 39931 and the area around 105.05 E, 10.55 N belong to this file alone (see
// tests/support/sample_areas.ts; the importer's tests use 39901/39902 and their fixtures'
// places); fixtures that would write into 39901 are sent as dry runs, after this file has made
// sure 39901 exists (as the importer's tests do), so their outcome does not depend on which
// file runs first.
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
let fx: AppFixture;

function upload(
  user: string | undefined,
  files: [string, Buffer][],
  fields: Record<string, string> = {},
  path = '/api/imports',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, data] of files) form.append('files', new Blob([new Uint8Array(data)]), name);
  return fetch(`${fx.base}${path}`, {
    method: 'POST',
    headers: user ? fx.sessions[user] : {},
    body: form,
  });
}

async function finishedJob(user: string, location: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const response = await fetch(`${fx.base}${location}`, { headers: fx.sessions[user] });
    expect(response.status).toBe(200);
    const body = await response.json();
    if (body.job.status !== 'running') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${location} still running after 60 s`);
}

const square = (lon: number, lat: number, size: number) => [
  [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ],
];

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1', 'officer.province'] });
  await fx.pool.query(
    `INSERT INTO admin.unit (code, level, kind, name, valid)
     SELECT '39931', 'commune', 'xã', 'Xã Thử Nhập Qua Web', '[2000-01-01,)'
     WHERE NOT EXISTS (SELECT 1 FROM admin.unit WHERE code = '39931')`,
  );
  await fx.pool.query(
    `INSERT INTO admin.unit (code, level, kind, name, valid)
     SELECT '39901', 'commune', 'xã', 'Xã Thử Nghiệm Nhập', '[2000-01-01,)'
     WHERE NOT EXISTS (SELECT 1 FROM admin.unit WHERE code = '39901')`,
  );
});

afterAll(() => fx.close());

describe('the import API', () => {
  it('is for surveyors and admins: anonymous 401, an officer 403', async () => {
    const geojson: [string, Buffer][] = [['parcels.geojson', fixture('parcels.geojson')]];
    expect((await upload(undefined, geojson)).status).toBe(401);
    const officer = await upload('officer.province', geojson);
    expect(officer.status).toBe(403);
    expect((await officer.json()).error.message).toMatch(/surveyors and admins/);
    expect((await upload('officer.province', geojson, {}, '/api/imports/preview')).status).toBe(
      403,
    );
    expect((await fetch(`${fx.base}/api/imports`)).status).toBe(401);
    const list = await fetch(`${fx.base}/api/imports`, {
      headers: fx.sessions['officer.province'],
    });
    expect(list.status).toBe(403);
  });

  it('imports a GeoJSON upload in the background: 202, progress until succeeded, parcels with the job as source', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [1, 2].map((parcel) => ({
        type: 'Feature',
        properties: {
          MaXa: '39931',
          SoTo: 1,
          SoThua: parcel,
          LoaiDat: 'ONT',
          TenChu: parcel === 1 ? 'Lê Thị Thu Hà' : 'Võ Văn Kiệt',
          DiaChi: 'Ấp Mới, Xã Thử Nhập Qua Web',
        },
        geometry: { type: 'Polygon', coordinates: square(105.05 + parcel * 0.001, 10.55, 0.0002) },
      })),
    };
    const response = await upload('surveyor1', [
      ['web_import.geojson', Buffer.from(JSON.stringify(collection))],
    ]);
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    const accepted = await response.json();
    expect(location).toBe(`/api/imports/${accepted.job.id}`);
    expect(accepted.job).toMatchObject({ fileName: 'web_import.geojson', kind: 'geojson' });

    const done = await finishedJob('surveyor1', location);
    expect(done.job).toMatchObject({
      status: 'succeeded',
      phase: 'finished',
      sourceSrid: 4326,
      targetSrid: 9209,
      counts: { features: 2, created: 2, quarantined: 0 },
    });
    expect(done.rules).toEqual([]);
    const { rows } = await fx.pool.query(
      `SELECT v.parcel_no, v.source_kind, v.source_ref FROM cadastre.parcel_version v
       JOIN admin.unit u ON u.id = v.commune_id
       WHERE u.code = '39931' AND upper_inf(v.valid) ORDER BY v.parcel_no`,
    );
    expect(rows).toEqual([
      { parcel_no: 1, source_kind: 'import', source_ref: `import-job:${accepted.job.id}` },
      { parcel_no: 2, source_kind: 'import', source_ref: `import-job:${accepted.job.id}` },
    ]);

    const list = await fetch(`${fx.base}/api/imports?limit=5`, { headers: fx.sessions.surveyor1 });
    expect((await list.json()).jobs.map((job: { id: number }) => job.id)).toContain(
      accepted.job.id,
    );
  });

  it('reports each bad feature by rule and serves issues.csv and rejected.geojson', async () => {
    const files: [string, Buffer][] = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => [
      `parcels.${extension}`,
      fixture(`bad_features/parcels.${extension}`),
    ]);
    const response = await upload('surveyor1', files, { dryRun: 'true' });
    expect(response.status).toBe(202);
    const location = response.headers.get('location') ?? '';
    const done = await finishedJob('surveyor1', location);
    expect(done.job).toMatchObject({ status: 'succeeded', dryRun: true });
    const rules = Object.fromEntries(
      done.rules.map((rule: { rule: string; features: number }) => [rule.rule, rule.features]),
    );
    expect(rules).toMatchObject({
      invalid_geometry: 1,
      ring_too_few_points: 1,
      null_geometry: 1,
      duplicate_in_file: 2,
      area_mismatch: 1,
      unknown_land_use_code: 1,
    });
    // Seven features are bad in themselves; the good one passes (new, or unchanged once the
    // importer's tests have imported the same file into 39901).
    expect(done.job.counts.quarantined).toBe(7);
    expect(done.job.counts.created + done.job.counts.unchanged).toBe(1);
    expect(done.rules.map((rule: { rule: string }) => rule.rule)).not.toContain('unknown_commune');

    const csv = await fetch(`${fx.base}${done.downloads.issuesCsv}`, {
      headers: fx.sessions.surveyor1,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="import-\d+-issues\.csv"/,
    );
    const text = await csv.text();
    expect(text.split('\n')[0]).toContain('feature_no,severity,rule,message');
    expect(text).toContain('duplicate_in_file');
    expect(text).toMatch(/Self-intersection at 520430\.000 1090012\.500/);

    const rejected = await fetch(`${fx.base}${done.downloads.rejectedGeoJson}`, {
      headers: fx.sessions.surveyor1,
    });
    expect(rejected.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect((await rejected.json()).features).toHaveLength(done.job.counts.quarantined);
    const officer = await fetch(`${fx.base}${done.downloads.issuesCsv}`, {
      headers: fx.sessions['officer.province'],
    });
    expect(officer.status).toBe(403);
  });

  it('answers 404 for a job that does not exist and 400 for a bad id', async () => {
    const missing = await fetch(`${fx.base}/api/imports/999999`, {
      headers: fx.sessions.surveyor1,
    });
    expect(missing.status).toBe(404);
    const bad = await fetch(`${fx.base}/api/imports/abc`, { headers: fx.sessions.surveyor1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('id');
  });
});
