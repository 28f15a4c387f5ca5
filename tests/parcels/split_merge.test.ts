import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import {
  neighbourPair,
  type SampleParcel,
  sampleParcel,
  sampleSheet,
} from '../support/parcel_samples';

let fx: AppFixture;
let sheet: { communeId: number; sheetNo: number };

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1'], poolSize: 8 });
  sheet = await sampleSheet(fx.pool, 1);
});
afterAll(() => fx.close());

const ifMatch = (parcel: SampleParcel) => ({ 'If-Match': `"v${parcel.versionNo}"` });

/** Yesterday's date in Vietnam, YYYY-MM-DD. */
const yesterday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() - 86_400_000),
  );

/** A line that enters the parcel from above, leaves below, runs along under it and cuts back up. */
function zigzag(parcel: SampleParcel) {
  const xs = parcel.ring.map((p) => p[0]);
  const ys = parcel.ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const w = x1 - x0;
  return {
    type: 'LineString' as const,
    coordinates: [
      [x0 + w / 3, y1 + 2],
      [x0 + w / 3, y0 - 2],
      [x0 + (2 * w) / 3, y0 - 2],
      [x0 + (2 * w) / 3, y1 + 2],
    ],
  };
}

describe('split and merge keep the coverage, the areas and the lineage', () => {
  it('splits a parcel into three and merges two of them back', async () => {
    const [parent] = await neighbourPair(fx.pool, sheet, 0);
    const holders = await fx.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM registry.parcel_right WHERE parcel_id = $1 AND upper_inf(valid)',
      [parent.parcelId],
    );
    const split = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parent.parcelId}/split`,
      { line: zigzag(parent), crs: parent.srid, reason: 'division among three heirs' },
      ifMatch(parent),
    );
    expect(split.status).toBe(201);
    expect(split.body.parent).toEqual({
      parcelId: parent.parcelId,
      retiredVersionNo: parent.versionNo,
    });
    const children = split.body.children as {
      parcelId: number;
      computedArea: number;
      parcelNo: number;
      lineage: unknown;
    }[];
    expect(children).toHaveLength(3);
    const childArea = children.reduce((sum, child) => sum + child.computedArea, 0);
    expect(Math.abs(childArea - parent.area)).toBeLessThan(0.35); // three areas rounded to 0.1
    const exact = await fx.one<{ area: number }>(
      'SELECT sum(computed_area) AS area FROM cadastre.current_parcel WHERE parcel_id = ANY($1)',
      [children.map((child) => child.parcelId)],
    );
    expect(Math.abs(exact.area - parent.area)).toBeLessThan(0.1);
    for (const child of children) {
      expect(child.lineage).toEqual({
        parents: [{ parcelId: parent.parcelId, kind: 'split' }],
        children: [],
      });
      expect(child.parcelNo).not.toBe(parent.parcelNo);
    }

    // The holders stay with the land: the parent's rights end, each child has them.
    const rights = await fx.one<{ parent: number; children: number }>(
      `SELECT (SELECT count(*) FROM registry.parcel_right WHERE parcel_id = $1 AND upper_inf(valid))::int AS parent,
              (SELECT count(*) FROM registry.parcel_right WHERE parcel_id = ANY($2) AND upper_inf(valid))::int AS children`,
      [parent.parcelId, children.map((child) => child.parcelId)],
    );
    expect(rights).toEqual({ parent: 0, children: holders.n * 3 });
    const gone = await fx.call('surveyor1', 'GET', `/api/parcels/${parent.parcelId}`);
    expect(gone.status).toBe(404);
    expect(
      gone.body.error.lineage.children.map((c: { parcelId: number }) => c.parcelId).sort(),
    ).toEqual(children.map((child) => child.parcelId).sort());
    const before = await fx.call(
      'surveyor1',
      'GET',
      `/api/parcels/${parent.parcelId}?at=${yesterday()}`,
    );
    expect(before.status).toBe(200);
    expect(before.body.versionNo).toBe(parent.versionNo);
    expect(before.body.parcelNo).toBe(parent.parcelNo);
    expect(before.body.computedArea).toBeCloseTo(parent.area, 1);
    const childYesterday = await fx.call(
      'surveyor1',
      'GET',
      `/api/parcels/${children[0]?.parcelId}?at=${yesterday()}`,
    );
    expect(childYesterday.status).toBe(404);

    const { a, b } = await fx.one<{ a: number; b: number }>(
      `SELECT x.parcel_id::int AS a, y.parcel_id::int AS b
       FROM cadastre.current_parcel x JOIN cadastre.current_parcel y ON x.parcel_id < y.parcel_id
       WHERE x.parcel_id = ANY($1) AND y.parcel_id = ANY($1)
         AND ST_Length(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom))) > 1
       ORDER BY 1, 2 LIMIT 1`,
      [children.map((child) => child.parcelId)],
    );
    const merge = await fx.call('surveyor1', 'POST', '/api/parcels/merge', {
      parcels: [
        { parcelId: a, versionNo: 1 },
        { parcelId: b, versionNo: 1 },
      ],
      reason: 'two heirs consolidate',
    });
    expect(merge.status).toBe(201);
    const merged = merge.body.merged;
    const pieces = children.filter((child) => child.parcelId === a || child.parcelId === b);
    const piecesArea = await fx.one<{ area: number }>(
      `SELECT sum(ST_Area(geom)) AS area FROM cadastre.parcel_version WHERE parcel_id = ANY($1) AND version_no = 1`,
      [pieces.map((piece) => piece.parcelId)],
    );
    const mergedArea = await fx.one<{ area: number }>(
      'SELECT computed_area AS area FROM cadastre.current_parcel WHERE parcel_id = $1',
      [merged.parcelId],
    );
    expect(Math.abs(mergedArea.area - piecesArea.area)).toBeLessThan(0.1);
    expect(merged.lineage.parents).toEqual([
      { parcelId: a, kind: 'merge' },
      { parcelId: b, kind: 'merge' },
    ]);
    const third = children.find((child) => child.parcelId !== a && child.parcelId !== b);
    const total = await fx.one<{ area: number }>(
      'SELECT sum(computed_area) AS area FROM cadastre.current_parcel WHERE parcel_id = ANY($1)',
      [[merged.parcelId, third?.parcelId]],
    );
    expect(Math.abs(total.area - parent.area)).toBeLessThan(0.1);
    const history = await fx.call('surveyor1', 'GET', `/api/parcels/${a}/history`);
    expect(history.body.lineage).toEqual({
      parents: [{ parcelId: parent.parcelId, kind: 'split' }],
      children: [{ parcelId: merged.parcelId, kind: 'merge' }],
    });
  });

  it('rejects a split whose parts leave a gap, naming the rule and the place', async () => {
    const [parent] = await neighbourPair(fx.pool, sheet, 2);
    const parts = await fx.one<{ left: object; right: object }>(
      `WITH p AS (SELECT geom FROM cadastre.current_parcel WHERE parcel_id = $1),
            cut AS (SELECT ST_MakeLine(ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMin(geom) - 5),
                                       ST_MakePoint(ST_X(ST_Centroid(geom)), ST_YMax(geom) + 5)) AS line FROM p),
            halves AS (SELECT d.path[1] AS n, d.geom FROM p, cut,
                         ST_Dump(ST_CollectionExtract(ST_Split(p.geom, ST_SetSRID(cut.line, ST_SRID(p.geom))), 3)) d)
       SELECT ST_AsGeoJSON((SELECT geom FROM halves WHERE n = 1), 9)::json AS left,
              ST_AsGeoJSON(ST_Buffer((SELECT geom FROM halves WHERE n = 2), -0.5, 'join=mitre'), 9)::json AS right`,
      [parent.parcelId],
    );
    const reply = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parent.parcelId}/split`,
      { parts: [parts.left, parts.right], crs: parent.srid, snap: false, reason: 'gap test' },
      ifMatch(parent),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.rule).toBe('split.coverage');
    expect(reply.body.error.message).toMatch(/leaves a gap of \d+\.\d+ m2/);
    expect(reply.body.error.location.x).toBeGreaterThan(0);
    expect((await sampleParcel(fx.pool, parent.parcelId)).versionNo).toBe(parent.versionNo);
  });

  it('rejects a line that does not cross the parcel', async () => {
    const [parent] = await neighbourPair(fx.pool, sheet, 2);
    const [x, y] = parent.ring[0] as [number, number];
    const reply = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parent.parcelId}/split`,
      {
        line: {
          type: 'LineString',
          coordinates: [
            [x - 50, y - 50],
            [x - 40, y - 50],
          ],
        },
        crs: parent.srid,
        reason: 'miss',
      },
      ifMatch(parent),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.rule).toBe('split.line');
  });

  it('rejects merging parcels that do not touch, and parcels of two communes', async () => {
    const far = await fx.one<{ a: number; b: number }>(
      `SELECT x.parcel_id::int AS a, y.parcel_id::int AS b
       FROM cadastre.current_parcel x JOIN cadastre.current_parcel y
         ON y.commune_id = x.commune_id AND y.sheet_no = x.sheet_no AND y.parcel_no = x.parcel_no + 10
       WHERE x.commune_id = $1 AND x.sheet_no = $2 AND NOT ST_DWithin(x.geom, y.geom, 5)
       ORDER BY x.parcel_no DESC LIMIT 1`,
      [sheet.communeId, sheet.sheetNo],
    );
    const versions = async (ids: number[]) =>
      (
        await fx.pool.query(
          'SELECT parcel_id::int, version_no FROM cadastre.current_parcel WHERE parcel_id = ANY($1) ORDER BY parcel_id',
          [ids],
        )
      ).rows.map((row) => ({ parcelId: row.parcel_id, versionNo: row.version_no }));
    const apart = await fx.call('surveyor1', 'POST', '/api/parcels/merge', {
      parcels: await versions([far.a, far.b]),
      reason: 'not neighbours',
    });
    expect(apart.status).toBe(422);
    expect(apart.body.error.rule).toBe('merge.adjacent');
    expect(apart.body.error.message).toContain('only adjacent parcels merge');
    const communes = await fx.one<{ a: number; b: number }>(
      `SELECT (SELECT min(parcel_id)::int FROM cadastre.current_parcel WHERE commune_id = $1) AS a,
              (SELECT min(parcel_id)::int FROM cadastre.current_parcel WHERE commune_id <> $1) AS b`,
      [sheet.communeId],
    );
    const twoCommunes = await fx.call('surveyor1', 'POST', '/api/parcels/merge', {
      parcels: await versions([communes.a, communes.b]),
      reason: 'two communes',
    });
    expect(twoCommunes.status).toBe(422);
    expect(twoCommunes.body.error.rule).toBe('merge.same_commune');
  });
});
