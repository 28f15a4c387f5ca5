import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// Previews write nothing; the only imports started here are refused as a whole, so no
// commune of the importer's tests is touched.
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const shapefile = (folder: string, parts = ['shp', 'shx', 'dbf', 'prj', 'cpg']) =>
  parts.map((extension): [string, Buffer] => [
    `parcels.${extension}`,
    fixture(`${folder}/parcels.${extension}`),
  ]);
let fx: AppFixture;
let surveyor: Record<string, string>;

function upload(path: string, files: [string, Buffer][], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [name, data] of files) form.append('files', new Blob([new Uint8Array(data)]), name);
  return fetch(`${fx.base}${path}`, { method: 'POST', headers: surveyor, body: form });
}

async function finishedJob(location: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const body = await (await fetch(`${fx.base}${location}`, { headers: surveyor })).json();
    if (body.job.status !== 'running') return body.job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${location} still running after 60 s`);
}

beforeAll(async () => {
  fx = await startAppFixture({ env: { DIAGIS_IMPORT_MAX_MB: '1' } });
  surveyor = await fx.signIn('surveyor1');
});

afterAll(() => fx.close());

describe('import previews', () => {
  it('decodes VNI and TCVN3 names and shows the CRS and field mapping', async () => {
    const vni = await upload(
      '/api/imports/preview',
      shapefile('vni', ['shp', 'shx', 'dbf', 'prj']),
    );
    expect(vni.status).toBe(200);
    const meta = await vni.json();
    expect(meta).toMatchObject({
      fileName: 'parcels.shp',
      sourceSrid: 9209,
      encoding: 'vni-windows',
      features: 3,
      fieldMap: { sheet: 'SHBANDO', parcel: 'SHTHUA', holder: 'TenChu' },
    });
    const holders = meta.preview.map((feature: { holder: string }) => feature.holder);
    expect(holders).toContain('Nguyễn Văn Hùng');
    expect(holders).toContain('Trần Thị Bích Ngọc');
    const tcvn3 = await upload(
      '/api/imports/preview',
      shapefile('tcvn3', ['shp', 'shx', 'dbf', 'prj']),
    );
    const tcvn3Meta = await tcvn3.json();
    expect(tcvn3Meta.encoding).toBe('tcvn3');
    expect(tcvn3Meta.preview[0].holder).toBe('Nguyễn Văn Hùng');
  });

  it('asks for a CRS when the .prj is missing (422 crs_unknown), then previews with the chosen SRID', async () => {
    const files = shapefile('no_prj', ['shp', 'shx', 'dbf', 'cpg']);
    const unknown = await upload('/api/imports/preview', files);
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatchObject({ code: 'crs_unknown', field: 'srid' });
    const chosen = await upload('/api/imports/preview', files, { srid: '9209' });
    expect(chosen.status).toBe(200);
    expect((await chosen.json()).sourceSrid).toBe(9209);
  });
});

describe('bad uploads', () => {
  it('refuses a zip with ../evil: 422 in the preview, a rejected job on import', async () => {
    const evil: [string, Buffer][] = [['evil.zip', fixture('evil.zip')]];
    const preview = await upload('/api/imports/preview', evil);
    expect(preview.status).toBe(422);
    const { error } = await preview.json();
    expect(error.code).toBe('file_unsafe');
    expect(error.message).toMatch(/\.\.\/evil/);
    const started = await upload('/api/imports', evil);
    expect(started.status).toBe(202);
    const job = await finishedJob(started.headers.get('location') ?? '');
    expect(job.status).toBe('rejected');
    expect(job.message).toMatch(/climbs out of the folder/);
  });

  it('ends a truncated .shp as a rejected job with the reader message, and the server stays up', async () => {
    const started = await upload('/api/imports', shapefile('truncated', ['shp', 'dbf', 'prj']));
    expect(started.status).toBe(202);
    const job = await finishedJob(started.headers.get('location') ?? '');
    expect(job.status).toBe('rejected');
    expect(job.message).toMatch(/truncat/i);
    const garbage = await upload('/api/imports/preview', [
      ['parcels.geojson', Buffer.from('this is not JSON at all')],
    ]);
    expect(garbage.status).toBe(422);
    expect((await fetch(`${fx.base}/health`)).status).toBe(200);
  });

  it.each([
    ['notes.txt', [['notes.txt', Buffer.from('hello')]], {}, 'files', /only \.zip/],
    ['a .shp alone', [['parcels.shp', fixture('vni/parcels.shp')]], {}, 'files', /\.dbf missing/],
    [
      'a bad SRID',
      [['parcels.geojson', fixture('parcels.geojson')]],
      { srid: 'abc' },
      'srid',
      /EPSG code/,
    ],
    [
      'a bad onError',
      [['parcels.geojson', fixture('parcels.geojson')]],
      { onError: 'ignore' },
      'onError',
      /./,
    ],
    [
      'a bad fieldMap',
      [['parcels.geojson', fixture('parcels.geojson')]],
      { fieldMap: '{' },
      'fieldMap',
      /JSON object/,
    ],
    [
      'an unknown field',
      [['parcels.geojson', fixture('parcels.geojson')]],
      { colour: 'red' },
      'colour',
      /unknown field/,
    ],
  ] as [string, [string, Buffer][], Record<string, string>, string, RegExp][])(
    'answers 400 for %s, naming the field',
    async (_case, files, fields, field, message) => {
      const response = await upload('/api/imports', files, fields);
      expect(response.status).toBe(400);
      const { error } = await response.json();
      expect(error.field).toBe(field);
      expect(error.message).toMatch(message);
    },
  );

  it('answers 413 for an upload over DIAGIS_IMPORT_MAX_MB', async () => {
    const response = await upload('/api/imports/preview', [
      ['big.geojson', Buffer.alloc(1_100_000, 32)],
    ]);
    expect(response.status).toBe(413);
    expect((await response.json()).error.field).toBe('files');
  });
});
