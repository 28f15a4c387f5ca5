import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import type { EditContext } from '../../server/parcels/editing/edit_context';
import { areaInZone } from '../../server/parcels/editing/edit_geometry';
import { editParcel } from '../../server/parcels/editing/edit_operations';
import { RuleViolationError } from '../../server/parcels/editing/rule_violation';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import {
  neighbourPair,
  type Position,
  polygon,
  pushSharedEdge,
  type SampleParcel,
  sampleSheet,
} from '../support/parcel_samples';

const editContext = (client: pg.PoolClient): EditContext => ({
  client,
  authorId: null,
  at: new Date(),
  rules: loadConfig({}).config.editing,
  source: { kind: 'survey' },
  reason: 'concurrency test',
});

let fx: AppFixture;
let sheet: { communeId: number; sheetNo: number };

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1', 'admin'], poolSize: 8 });
  sheet = await sampleSheet(fx.pool, 2);
});
afterAll(() => fx.close());

const patch = (user: string, parcel: SampleParcel, versionNo: number, body: object) =>
  fx.call(user, 'PATCH', `/api/parcels/${parcel.parcelId}`, body, {
    'If-Match': `"v${versionNo}"`,
  });
const versionCount = async (parcelId: number) =>
  (
    await fx.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM cadastre.parcel_version WHERE parcel_id = $1',
      [parcelId],
    )
  ).n;

describe('concurrent edits', () => {
  it('lets exactly one of two PATCHes with the same ETag win', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 0);
    const replies = await Promise.all([
      patch('surveyor1', a, a.versionNo, { landAddress: 'Ấp 1', reason: 'first surveyor' }),
      patch('admin', a, a.versionNo, { landAddress: 'Ấp 2', reason: 'second surveyor' }),
    ]);
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 412]);
    expect(await versionCount(a.parcelId)).toBe(a.versionNo + 1);
  });

  it('makes the second of two overlapping neighbour edits wait for the first, then rejects it', async () => {
    const [a, b] = await neighbourPair(fx.pool, sheet, 2);
    // Open a 1 m gap between them; then each grows 0.7 m into it: fine alone, not together.
    const opened = await patch('surveyor1', b, b.versionNo, {
      geometry: polygon(pushSharedEdge(b, a, -1)),
      crs: b.srid,
      snap: false,
      reason: 'fence moved back',
    });
    expect(opened.status).toBe(200);
    const first = await fx.pool.connect();
    const second = await fx.pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      const grow = async (
        client: pg.PoolClient,
        parcel: SampleParcel,
        versionNo: number,
        ring: Position[],
      ) =>
        editParcel(editContext(client), {
          parcel: { parcelId: parcel.parcelId, versionNo },
          geometry: await areaInZone(client, polygon(ring), parcel.srid, parcel.srid),
          snap: false,
        });
      await grow(first, a, a.versionNo, pushSharedEdge(a, b, 0.7));
      let settled = false;
      const waiting = grow(second, b, b.versionNo + 1, pushSharedEdge(b, a, -0.3)).finally(() => {
        settled = true;
      });
      waiting.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false); // blocked on the area lock the first edit holds
      await first.query('COMMIT');
      const error = await waiting.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RuleViolationError);
      expect((error as RuleViolationError).violations[0]?.rule).toBe('topology.overlap');
      await second.query('ROLLBACK');
    } finally {
      await first.query('ROLLBACK').catch(() => {});
      first.release();
      second.release();
    }
    const overlap = await fx.one<{ area: number }>(
      `SELECT ST_Area(ST_Intersection(x.geom, y.geom)) AS area
       FROM cadastre.current_parcel x, cadastre.current_parcel y WHERE x.parcel_id = $1 AND y.parcel_id = $2`,
      [a.parcelId, b.parcelId],
    );
    expect(overlap.area).toBeLessThan(1e-6);
  });
});
