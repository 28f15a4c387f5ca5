import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTransaction } from '../../core/db/transaction';
import { createLogger } from '../../server/logger';
import { reviseParcel } from '../../server/parcels/parcel_versions';
import { findLayer, type TileLayer } from '../../tiles/layers';
import { TileService } from '../../tiles/tile_service';

let pool: pg.Pool;
let parcels: TileLayer;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 4 });
  const layer = findLayer('parcels');
  if (!layer) throw new Error('parcels layer missing');
  parcels = layer;
});
afterAll(() => pool.end());

/** The n-th current parcel by id (apart from those other test files edit) and its z18 tile. */
async function parcelAt(n: number) {
  const { rows } = await pool.query(
    `SELECT parcel_id, version_no, ST_AsGeoJSON(ST_Translate(geom, -6, 2))::json AS moved,
            floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 18))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 18))::int AS y
     FROM (SELECT parcel_id, version_no, geom, ST_PointOnSurface(geom_3857) AS c
           FROM cadastre.current_parcel ORDER BY parcel_id OFFSET $1 LIMIT 1) AS p`,
    [n],
  );
  const row = rows[0];
  return {
    id: Number(row.parcel_id),
    versionNo: row.version_no as number,
    moved: row.moved as object,
    x: row.x as number,
    y: row.y as number,
  };
}

const move = (parcel: { id: number; versionNo: number; moved: object }) =>
  withTransaction(pool, { source: 'tile feed test' }, (client) =>
    reviseParcel(client, {
      parcelId: parcel.id,
      expectedVersionNo: parcel.versionNo,
      changes: { geometry: parcel.moved },
      source: { kind: 'survey' },
      reason: 'tile feed test',
      authorId: null,
      at: new Date(),
    }),
  );

/** Asks for the tile until it comes from a fresh render, at most 10 s. */
async function untilRendered(service: TileService, x: number, y: number): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { source } = await service.tile(parcels, 'public', 18, x, y);
    if (source === 'rendered' || Date.now() > deadline) return source;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('change feed', () => {
  it('replays from the change log an edit made while its connection was cut, after reconnecting', async () => {
    const service = new TileService({
      pool,
      cacheBytes: 16 * 1024 * 1024,
      logger: createLogger('silent'),
      feedName: 'tiles-test-cut',
    });
    try {
      const parcel = await parcelAt(4500);
      expect((await service.tile(parcels, 'public', 18, parcel.x, parcel.y)).source).toBe(
        'rendered',
      );
      expect((await service.tile(parcels, 'public', 18, parcel.x, parcel.y)).source).toBe('memory');
      const { rows } = await pool.query(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
         WHERE application_name = 'tiles-test-cut' AND datname = current_database()`,
      );
      expect(rows).toHaveLength(1);
      // Committed while nobody listens: its NOTIFY is lost, the change log keeps it.
      await move(parcel);
      expect(await untilRendered(service, parcel.x, parcel.y)).toBe('rendered');
      const reconnected = await pool.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tiles-test-cut'",
      );
      expect(reconnected.rows[0].n).toBe(1);
    } finally {
      await service.close();
    }
  });

  it('keeps a disk cache exact across a restart: edits made while no server ran drop their files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diagis-tile-disk-'));
    try {
      const edited = await parcelAt(4600);
      const untouched = await parcelAt(0);
      const first = new TileService({
        pool,
        cacheBytes: 16 * 1024 * 1024,
        cacheDir: dir,
        logger: createLogger('silent'),
      });
      await first.tile(parcels, 'public', 18, edited.x, edited.y);
      await first.tile(parcels, 'public', 18, untouched.x, untouched.y);
      await first.catchUp();
      await first.close();

      await move(edited);

      const second = new TileService({
        pool,
        cacheBytes: 16 * 1024 * 1024,
        cacheDir: dir,
        logger: createLogger('silent'),
      });
      try {
        expect((await second.tile(parcels, 'public', 18, untouched.x, untouched.y)).source).toBe(
          'disk',
        );
        expect((await second.tile(parcels, 'public', 18, edited.x, edited.y)).source).toBe(
          'rendered',
        );
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
