import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invertAffine } from '../../core/geo/affine';
import { loadZoneDefinitions, zoneTransform } from '../../core/geo/zone_crs';
import { parseWorldFile } from '../../data-import/raster/world_file';
import { latticeError, tileLattice } from '../../tiles/raster/tile_lattice';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const scansDir = mkdtempSync(join(tmpdir(), 'diagis-scans-'));
let fx: AppFixture;

// The fixture: a 2000 x 1500 scan over the top-left of a real demo map sheet, with a grid,
// corner marks and a 9 x 9 px red square whose centre is pixel position (1234.5, 644.5).
const width = 2000;
const height = 1500;
const mark = { col: 1234.5, row: 644.5 };
let sheet: { id: number; xmin: number; ymax: number; ps: number };
let worldText: string;
const images: Record<string, Buffer> = {};

function scanSvg(markColour: string): Buffer {
  const lines: string[] = [];
  for (let x = 0; x <= width; x += 100)
    lines.push(`<rect x="${x}" y="0" width="2" height="${height}" fill="#9a9a9a"/>`);
  for (let y = 0; y <= height; y += 100)
    lines.push(`<rect x="0" y="${y}" width="${width}" height="2" fill="#9a9a9a"/>`);
  const corners = [
    [0, 0],
    [width - 40, 0],
    [0, height - 40],
    [width - 40, height - 40],
  ]
    .map(([x, y]) => `<rect x="${x}" y="${y}" width="40" height="40" fill="#000"/>`)
    .join('');
  const square = `<rect x="${mark.col - 4.5}" y="${mark.row - 4.5}" width="9" height="9" fill="${markColour}"/>`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${lines.join('')}${corners}${square}</svg>`,
  );
}

const scanPng = (markColour: string) =>
  sharp({ create: { width, height, channels: 3, background: '#f4f1e8' } })
    .composite([{ input: scanSvg(markColour), top: 0, left: 0 }])
    .png()
    .toBuffer();

function post(
  user: string | undefined,
  parts: Record<string, string | { bytes: Buffer; name: string }>,
  path = '/api/scanned-sheets',
  method = 'POST',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([new Uint8Array(value.bytes)]), value.name);
  }
  return fetch(`${fx.base}${path}`, { method, headers: user ? fx.sessions[user] : {}, body: form });
}

const get = (path: string, user?: string) =>
  fetch(`${fx.base}${path}`, { headers: user ? fx.sessions[user] : {} });

/** The zone coordinates of a pixel position of the fixture. */
const ground = (col: number, row: number) => [
  sheet.xmin + col * sheet.ps,
  sheet.ymax - row * sheet.ps,
];

beforeAll(async () => {
  fx = await startAppFixture({
    env: { DIAGIS_SCANS_DIR: scansDir, DIAGIS_SCAN_MAX_MEGAPIXELS: '4' },
    users: ['surveyor1', 'admin', 'viewer1'],
  });
  const { rows } = await fx.pool.query(
    `SELECT id, ST_XMin(footprint) AS xmin, ST_YMax(footprint) AS ymax, ST_XMax(footprint) - ST_XMin(footprint) AS w
     FROM cadastre.map_sheet WHERE zone_srid = 9209 ORDER BY id LIMIT 1`,
  );
  const ps = Number(rows[0].w) / width;
  sheet = { id: rows[0].id, xmin: Number(rows[0].xmin), ymax: Number(rows[0].ymax), ps };
  worldText = [ps, 0, 0, -ps, sheet.xmin + ps / 2, sheet.ymax - ps / 2].join('\n');
  images.red = await scanPng('#ff0000');
  images.blue = await scanPng('#0000ff');
  images.truncated = images.red.subarray(0, Math.floor(images.red.length / 3));
  images.tooMany = await sharp({
    create: { width: 3000, height: 2000, channels: 3, background: '#fff' },
  })
    .png()
    .toBuffer();
}, 120_000);

afterAll(async () => {
  await fx.close();
  rmSync(scansDir, { recursive: true, force: true });
});

let worldScanId: number;

describe('uploading scanned sheets', () => {
  it('places a sheet by its world file, with the footprint at the image corners', async () => {
    const response = await post('surveyor1', {
      image: { bytes: images.red as Buffer, name: 'to-1.png' },
      world: { bytes: Buffer.from(worldText), name: 'to-1.pgw' },
      srid: '9209',
      mapSheetId: String(sheet.id),
    });
    expect(response.status).toBe(201);
    const { scannedSheet } = await response.json();
    worldScanId = scannedSheet.id;
    expect(scannedSheet).toMatchObject({
      mapSheetId: sheet.id,
      zoneSrid: 9209,
      georefMethod: 'world_file',
      width,
      height,
      gcps: null,
      fileName: 'to-1.png',
    });
    const ring = scannedSheet.footprintNative.coordinates[0] as [number, number][];
    const expected = [ground(0, 0), ground(width, 0), ground(width, height), ground(0, height)];
    expected.forEach(([x, y], i) => {
      expect(ring[i]?.[0]).toBeCloseTo(x as number, 2);
      expect(ring[i]?.[1]).toBeCloseTo(y as number, 2);
    });
    expect(scannedSheet.footprint.type).toBe('Polygon');
    const audit = await fx.pool.query(
      `SELECT count(*)::int AS n FROM audit.log WHERE table_name = 'cadastre.scanned_sheet'`,
    );
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });

  it('places the same sheet by control points within a few cm, with residuals and RMS', async () => {
    const noise = [0.02, -0.015, 0.01, -0.02, 0.015];
    const gcps = [
      [12, 9],
      [1988, 11],
      [1991, 1493],
      [7, 1490],
      [1000, 750],
    ].map(([col, row], i) => {
      const [x, y] = ground(col as number, row as number);
      return { id: `P${i + 1}`, col, row, x: (x as number) + (noise[i] as number), y };
    });
    const response = await post('surveyor1', {
      image: { bytes: images.red as Buffer, name: 'to-1-gcp.png' },
      gcp: JSON.stringify({ points: gcps }),
      srid: '9209',
    });
    expect(response.status).toBe(201);
    const { scannedSheet } = await response.json();
    expect(scannedSheet.georefMethod).toBe('gcp');
    expect(scannedSheet.gcps).toHaveLength(5);
    expect(scannedSheet.gcps[0]).toMatchObject({ id: 'P1', col: 12, row: 9 });
    expect(scannedSheet.gcps[0].residual).toBeLessThan(0.05);
    expect(scannedSheet.gcpRms).toBeGreaterThan(0);
    expect(scannedSheet.gcpRms).toBeLessThan(0.05);
    const byWorld = await (await get(`/api/scanned-sheets/${worldScanId}`, 'surveyor1')).json();
    const a = scannedSheet.footprintNative.coordinates[0] as [number, number][];
    const b = byWorld.scannedSheet.footprintNative.coordinates[0] as [number, number][];
    a.forEach(([x, y], i) => {
      const [bx, by] = b[i] as [number, number];
      expect(Math.hypot(x - bx, y - by)).toBeLessThan(0.05);
    });
  });

  it('refuses control points whose RMS is above the limit, with every residual', async () => {
    const gcps = [
      [12, 9],
      [1988, 11],
      [1991, 1493],
      [7, 1490],
    ].map(([col, row], i) => {
      const [x, y] = ground(col as number, row as number);
      return { id: `P${i + 1}`, col, row, x: (x as number) + (i === 2 ? 8 : 0), y };
    });
    const response = await post('surveyor1', {
      image: { bytes: images.red as Buffer, name: 'bad.png' },
      gcp: JSON.stringify(gcps),
      srid: '9209',
    });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.field).toBe('gcp');
    expect(error.message).toMatch(/^gcp: the fit's RMS is [0-9.]+ m, above the 0.5 m allowed/);
    expect(error.residuals).toHaveLength(4);
    expect(error.rms).toBeGreaterThan(0.5);
  });

  it.each([
    ['no world file or GCPs', { srid: '9209' }, 400, 'world', /^world: is required/],
    [
      'an unknown SRID',
      { srid: '4326', world: 'w' },
      400,
      'srid',
      /^srid: must be a VN-2000 zone diagis accepts \(.*9209.*\), got 4326$/,
    ],
    [
      'a malformed SRID',
      { srid: 'EPSG:9209', world: 'w' },
      400,
      'srid',
      'srid: must be an EPSG code such as 9209',
    ],
    ['no SRID', { world: 'w' }, 400, 'srid', /^srid: is required/],
    [
      'a broken world file',
      { srid: '9209', world: '1\n2\n3' },
      400,
      'world',
      'world: must hold six numbers, one a line; got 3 lines',
    ],
    [
      'both world and GCPs',
      { srid: '9209', world: 'w', gcp: '[]' },
      400,
      'gcp',
      'gcp: send either a world file or control points, not both',
    ],
    ['an unknown field', { srid: '9209', colour: 'red' }, 400, 'colour', /^colour: unknown field/],
  ])('answers %s with a 4xx naming the field', async (_what, fields, status, field, message) => {
    const response = await post('surveyor1', {
      image: { bytes: images.red as Buffer, name: 'x.png' },
      ...(fields as Record<string, string>),
    });
    expect(response.status).toBe(status);
    const { error } = await response.json();
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('refuses a corrupt image and one with too many pixels, naming the image', async () => {
    const corrupt = await post('surveyor1', {
      image: { bytes: images.truncated as Buffer, name: 'torn.png' },
      world: worldText,
      srid: '9209',
    });
    expect(corrupt.status).toBe(422);
    expect((await corrupt.json()).error).toMatchObject({ field: 'image' });
    const large = await post('surveyor1', {
      image: { bytes: images.tooMany as Buffer, name: 'big.png' },
      world: worldText,
      srid: '9209',
    });
    expect(large.status).toBe(413);
    const { error } = await large.json();
    expect(error.field).toBe('image');
    expect(error.message).toBe(
      'image: big.png: the image is 3000 x 2000 pixels (6 MP); at most 4 MP are accepted',
    );
    const none = await post('surveyor1', { world: worldText, srid: '9209' });
    expect(none.status).toBe(400);
    expect((await none.json()).error.field).toBe('image');
  });

  it('refuses a sheet that lands outside the province (wrong zone)', async () => {
    const response = await post('surveyor1', {
      image: { bytes: images.red as Buffer, name: 'x.png' },
      world: worldText,
      srid: '9207',
    });
    // 104-30 puts the same numbers a degree further west, still in Viet Nam but not here.
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.field).toBe('world');
    expect(error.message).toMatch(/outside the province/);
  });

  it('lets only surveyors and admins upload, and only staff list', async () => {
    const anonymous = await post(undefined, { world: worldText, srid: '9209' });
    expect(anonymous.status).toBe(401);
    const viewer = await post('viewer1', { world: worldText, srid: '9209' });
    expect(viewer.status).toBe(403);
    expect((await get('/api/scanned-sheets')).status).toBe(401);
    const list = await get('/api/scanned-sheets', 'viewer1');
    expect(list.status).toBe(200);
    const { scannedSheets } = await list.json();
    expect(scannedSheets.map((s: { id: number }) => s.id)).toContain(worldScanId);
    expect(scannedSheets[0].footprint.type).toBe('Polygon');
  });
});

/** The z/x/y of the tile holding a zone point, and the point's pixel in it (from PostGIS). */
async function tileOf(x: number, y: number, z: number) {
  const { rows } = await fx.pool.query(
    'SELECT ST_X(p) AS mx, ST_Y(p) AS my FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 9209), 3857) AS p',
    [x, y],
  );
  const half = 20037508.342789244;
  const size = (2 * half) / 2 ** z;
  const tx = (rows[0].mx + half) / size;
  const ty = (half - rows[0].my) / size;
  return { z, x: Math.floor(tx), y: Math.floor(ty), px: (tx % 1) * 256, py: (ty % 1) * 256 };
}

async function tilePixels(path: string, user = 'viewer1') {
  const response = await get(path, user);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  const bytes = Buffer.from(await response.arrayBuffer());
  const { data, info } = await sharp(bytes)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { bytes, data, info };
}

/** Centroid of the pixels where `test` holds. */
function centroid(data: Buffer, test: (r: number, g: number, b: number, a: number) => boolean) {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < 256 * 256; i++) {
    const o = i * 4;
    if (
      test(data[o] as number, data[o + 1] as number, data[o + 2] as number, data[o + 3] as number)
    ) {
      sx += (i % 256) + 0.5;
      sy += Math.floor(i / 256) + 0.5;
      n++;
    }
  }
  return { x: sx / n, y: sy / n, n };
}

describe('scan tiles', () => {
  it('draws the red mark where PostGIS puts its VN-2000 coordinate, within 1.5 px', async () => {
    const [x, y] = ground(mark.col, mark.row) as [number, number];
    const t = await tileOf(x, y, 18);
    const { bytes, data } = await tilePixels(
      `/tiles/scans/${worldScanId}/${t.z}/${t.x}/${t.y}.png`,
    );
    mkdirSync('test-results/scans', { recursive: true });
    writeFileSync('test-results/scans/scan-tile-z18.png', bytes);
    const red = centroid(data, (r, g, b, a) => a === 255 && r > 200 && g < 80 && b < 80);
    expect(red.n).toBeGreaterThan(6);
    expect(Math.abs(red.x - t.px)).toBeLessThan(1.5);
    expect(Math.abs(red.y - t.py)).toBeLessThan(1.5);
    // Everything else is the sheet: opaque, mostly paper colour.
    const paper = centroid(
      data,
      (r, g, b, a) => a === 255 && r === 0xf4 && g === 0xf1 && b === 0xe8,
    );
    expect(paper.n).toBeGreaterThan(256 * 256 * 0.8);
  });

  it('is transparent outside the footprint and 204 when the tile misses the sheet', async () => {
    // The tile holding the sheet's top-left corner: part paper, part transparent.
    const [x, y] = ground(0, 0) as [number, number];
    const t = await tileOf(x, y, 18);
    const { data } = await tilePixels(`/tiles/scans/${worldScanId}/${t.z}/${t.x}/${t.y}.png`);
    const outside =
      (Math.max(0, Math.floor(t.py) - 5) * 256 + Math.max(0, Math.floor(t.px) - 5)) * 4;
    expect(data[outside + 3]).toBe(0);
    const inside =
      (Math.min(255, Math.ceil(t.py) + 3) * 256 + Math.min(255, Math.ceil(t.px) + 3)) * 4;
    expect(data[inside + 3]).toBe(255);
    const away = await get(`/tiles/scans/${worldScanId}/${t.z}/${t.x - 3}/${t.y}.png`, 'viewer1');
    expect(away.status).toBe(204);
  });

  it('answers 401 to anonymous tile requests and 400/404 to bad addresses', async () => {
    const anonymous = await get(`/tiles/scans/${worldScanId}/18/1/1.png`);
    expect(anonymous.status).toBe(401);
    const badZ = await get(`/tiles/scans/${worldScanId}/23/1/1.png`, 'viewer1');
    expect(badZ.status).toBe(400);
    expect((await badZ.json()).error.message).toBe('z: must be 0-22, got 23');
    const badFormat = await get(`/tiles/scans/${worldScanId}/18/1/1.jpg`, 'viewer1');
    expect((await badFormat.json()).error.message).toBe(
      'format: must be {y}.png or {y}.webp, got 1.jpg',
    );
    expect((await get('/tiles/scans/999999/18/1/1.png', 'viewer1')).status).toBe(404);
  });

  it('maps tiles through the lattice within a hundredth of a source pixel', async () => {
    const zones = await loadZoneDefinitions(fx.pool);
    const zone = zoneTransform(zones.get(9209) as NonNullable<ReturnType<typeof zones.get>>);
    const toPixel = invertAffine(parseWorldFile(worldText));
    const [x, y] = ground(1000, 750) as [number, number];
    for (const z of [14, 18]) {
      const t = await tileOf(x, y, z);
      const lattice = tileLattice(t.z, t.x, t.y, zone, toPixel);
      expect(latticeError(lattice, t.z, t.x, t.y, zone, toPixel)).toBeLessThan(0.01);
    }
  });

  it('serves the new image after a replacement and nothing after a deletion', async () => {
    const [x, y] = ground(mark.col, mark.row) as [number, number];
    const t = await tileOf(x, y, 18);
    const path = `/tiles/scans/${worldScanId}/${t.z}/${t.x}/${t.y}.png`;
    const cached = await get(path, 'viewer1');
    expect(cached.headers.get('x-tile-cache')).toBe('hit-memory');
    const replaced = await post(
      'surveyor1',
      {
        image: { bytes: images.blue as Buffer, name: 'to-1-v2.png' },
        world: worldText,
        srid: '9209',
      },
      `/api/scanned-sheets/${worldScanId}`,
      'PUT',
    );
    expect(replaced.status).toBe(200);
    const { data } = await tilePixels(path);
    const blue = centroid(data, (r, g, b, a) => a === 255 && b > 200 && r < 80 && g < 80);
    expect(blue.n).toBeGreaterThan(6);
    expect(Math.abs(blue.x - t.px)).toBeLessThan(1.5);

    const bySurveyor = await fetch(`${fx.base}/api/scanned-sheets/${worldScanId}`, {
      method: 'DELETE',
      headers: fx.sessions.surveyor1,
    });
    expect(bySurveyor.status).toBe(403);
    const byAdmin = await fetch(`${fx.base}/api/scanned-sheets/${worldScanId}`, {
      method: 'DELETE',
      headers: fx.sessions.admin,
    });
    expect(byAdmin.status).toBe(204);
    expect((await get(path, 'viewer1')).status).toBe(404);
    expect((await get(`/api/scanned-sheets/${worldScanId}`, 'viewer1')).status).toBe(404);
  });
});
