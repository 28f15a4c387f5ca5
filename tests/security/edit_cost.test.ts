import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { geometryLimits } from '../../server/parcels/editing/geometry_input';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import {
  type Position,
  polygon,
  type SampleParcel,
  sampleParcel,
  sampleSheet,
} from '../support/parcel_samples';

// Parcels of a sheet no other test file edits (slot 13 of sampleSheet's order).
const sheetSlot = 13;
const checkBudgetMs = 1000;
let fx: AppFixture;
let parcels: SampleParcel[];
let centres: { x: number; y: number; lon: number; lat: number }[];

beforeAll(async () => {
  fx = await startAppFixture({
    users: ['surveyor1'],
    env: {
      DIAGIS_EDIT_CHECK_TIMEOUT_MS: String(checkBudgetMs),
      DIAGIS_HEAVY_WRITES_PER_USER: '2',
      // The anonymous limiters run (on their own connections, as npm start wires them)
      // with budgets this file never spends.
      DIAGIS_PUBLIC_API_PER_MINUTE: '1000000',
      DIAGIS_PUBLIC_TILES_PER_MINUTE: '1000000',
    },
  });
  // Large parcels whose centre lies 4 m inside them, so a 3 x 3 m figure there stays inside.
  const sheet = await sampleSheet(fx.pool, sheetSlot);
  const { rows } = await fx.pool.query(
    `SELECT p.parcel_id::int AS id, ST_X(c) AS x, ST_Y(c) AS y,
            ST_X(ST_Transform(c, 4326)) AS lon, ST_Y(ST_Transform(c, 4326)) AS lat
     FROM cadastre.current_parcel p CROSS JOIN LATERAL ST_PointOnSurface(p.geom) c
     WHERE p.commune_id = $1 AND p.sheet_no = $2 AND ST_Distance(c, ST_Boundary(p.geom)) > 4
     ORDER BY p.parcel_no LIMIT 4`,
    [sheet.communeId, sheet.sheetNo],
  );
  expect(rows.length).toBe(4);
  parcels = await Promise.all(rows.map((row) => sampleParcel(fx.pool, row.id)));
  centres = rows.map((row) => ({ x: row.x, y: row.y, lon: row.lon, lat: row.lat }));
}, 60_000);

afterAll(async () => {
  await fx?.close();
});

const ifMatch = (parcel: SampleParcel) => ({ 'If-Match': `"v${parcel.versionNo}"` });

/**
 * A 1.25 x 3 m figure at (x, y) in a zone plane: a base strip `base` m high with 2,490 teeth
 * 0.5 mm apart standing 3 m on it (4,985 vertices, under the limit).
 */
function zigzag(x: number, y: number, base: number): Position[] {
  const teeth = 2490;
  const step = 0.0005;
  const top: Position[] = [];
  for (let i = 0; i <= teeth; i++) top.push([x + i * step, y + base + (i % 2 === 0 ? 0 : 3)]);
  return [[x, y], ...top, [x + teeth * step, y], [x, y]];
}

const patch = (parcel: SampleParcel, ring: Position[]) =>
  fx.call(
    'surveyor1',
    'PATCH',
    `/api/parcels/${parcel.parcelId}?dryRun=true`,
    { reason: 'edit cost test', crs: parcel.srid, geometry: polygon(ring) },
    ifMatch(parcel),
  );

describe('bounded cost of a parcel edit', () => {
  it('answers a thin zigzag under the vertex limit within seconds: 422 naming the field and the rule', async () => {
    const [parcel] = parcels as [SampleParcel];
    const { x, y } = centres[0] as { x: number; y: number };
    const ring = zigzag(x - 0.6, y - 1.5, 0.05);
    expect(ring.length).toBeLessThanOrEqual(geometryLimits.maxVertices);
    const started = Date.now();
    const reply = await patch(parcel, ring);
    const seconds = (Date.now() - started) / 1000;
    // The negative buffer alone takes 25 s on this figure; the check budget stops it.
    expect(seconds).toBeLessThan(8);
    expect(reply.status).toBe(422);
    expect(reply.body.error.rule).toBe('geometry.too_complex');
    expect(reply.body.error.field).toBe('geometry');
    expect(reply.body.error.message).toContain(`${checkBudgetMs} ms`);
  }, 60_000);

  it('decides a wide part with a zigzag edge in linear time: the dry run passes quickly', async () => {
    const parcel = parcels[1] as SampleParcel;
    const { x, y } = centres[1] as { x: number; y: number };
    // 3 m of solid base under the teeth: no sliver, and the cheap tests settle it.
    const ring = zigzag(x - 0.6, y - 1.5, 3);
    const started = Date.now();
    const reply = await patch(parcel, ring);
    expect((Date.now() - started) / 1000).toBeLessThan(8);
    expect(reply.body).toMatchObject({ ok: true });
    expect(reply.status).toBe(200);
  }, 60_000);

  it('refuses a boundary over the vertex limit with a 400 naming the field and the limit', async () => {
    const parcel = parcels[1] as SampleParcel;
    const { x, y } = centres[1] as { x: number; y: number };
    const square = (dx: number, n: number): Position[] => {
      const side = Array.from({ length: n }, (_, i): Position => [x + dx + i * 0.001, y]);
      return [...side, [x + dx + 1, y + 1], [x + dx, y + 1], [x + dx, y]];
    };
    const oneRing = await patch(parcel, square(0, geometryLimits.maxVertices + 1));
    expect(oneRing.status).toBe(400);
    expect(oneRing.body.error.field).toMatch(/^geometry/);
    expect(oneRing.body.error.message).toContain(`at most ${geometryLimits.maxVertices}`);
    const threeParts = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parcel.parcelId}?dryRun=true`,
      {
        reason: 'edit cost test',
        crs: parcel.srid,
        geometry: {
          type: 'MultiPolygon',
          coordinates: [0, 2, 4].map((dx) => [square(dx, 1_800)]),
        },
      },
      ifMatch(parcel),
    );
    expect(threeParts.status).toBe(400);
    expect(threeParts.body.error.field).toBe('geometry');
    expect(threeParts.body.error.message).toContain(
      `at most ${geometryLimits.maxVertices} are allowed`,
    );
  });

  it('lets one user have 2 heavy writes in flight; a third answers 429 with Retry-After', async () => {
    const parcel = parcels[2] as SampleParcel;
    const holder = new pg.Client({ connectionString: inject('databaseUrl') });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM cadastre.parcel WHERE id = $1 FOR UPDATE', [
        parcel.parcelId,
      ]);
      const edit = () =>
        fx.call(
          'surveyor1',
          'PATCH',
          `/api/parcels/${parcel.parcelId}?dryRun=true`,
          { reason: 'edit cost test', legalArea: 123.4 },
          ifMatch(parcel),
        );
      const held = [edit(), edit()];
      const pid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      for (let waited = 0; waited < 100; waited++) {
        // The first edit waits for the row lock held here, the second for the first's area lock.
        const { rows } = await holder.query(
          `WITH direct AS (SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)))
           SELECT (SELECT count(*) FROM direct)::int + (SELECT count(*) FROM pg_stat_activity
             WHERE pg_blocking_pids(pid) && ARRAY(SELECT pid FROM direct))::int AS n`,
          [pid],
        );
        if (rows[0].n === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(waited).toBeLessThan(99);
      }
      const third = await edit();
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('2');
      expect(third.body.error.message).toContain('at most 2 at once per user');
      await holder.query('ROLLBACK');
      expect((await Promise.all(held)).map((reply) => reply.status)).toEqual([200, 200]);
      // The slots were given back.
      expect((await edit()).status).toBe(200);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('keeps the portal, public OGC and public tiles answering while every staff connection is busy', async () => {
    const { lon, lat } = centres[3] as { lon: number; lat: number };
    const z = 17;
    const tileX = Math.floor(((lon + 180) / 360) * 2 ** z);
    const rad = (lat * Math.PI) / 180;
    const tileY = Math.floor(
      ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z,
    );
    const paths = [
      '/api/public/plans',
      '/styles/public.json',
      '/tiles/parcels.json',
      `/tiles/parcels/${z}/${tileX}/${tileY}.mvt`,
      `/ogc/collections/parcels/items?limit=5&bbox=${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`,
    ];
    const staff = await Promise.all(
      Array.from({ length: fx.pool.options.max ?? 4 }, () => fx.pool.connect()),
    );
    try {
      expect(fx.pool.idleCount).toBe(0);
      for (const path of paths) {
        const started = Date.now();
        const response = await fetch(`${fx.base}${path}`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(Date.now() - started).toBeLessThan(3_000);
      }
    } finally {
      for (const client of staff) client.release();
    }
  }, 60_000);
});
