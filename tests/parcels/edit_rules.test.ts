import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import {
  neighbourPair,
  polygon,
  pushSharedEdge,
  type SampleParcel,
  sampleParcel,
  sampleSheet,
} from '../support/parcel_samples';

let fx: AppFixture;
let sheet: { communeId: number; sheetNo: number };

beforeAll(async () => {
  fx = await startAppFixture({ users: ['surveyor1', 'officer.province'], poolSize: 8 });
  sheet = await sampleSheet(fx.pool, 0);
});
afterAll(() => fx.close());

const ifMatch = (parcel: SampleParcel) => ({ 'If-Match': `"v${parcel.versionNo}"` });
const patch = (parcel: SampleParcel, body: object, query = '') =>
  fx.call('surveyor1', 'PATCH', `/api/parcels/${parcel.parcelId}${query}`, body, ifMatch(parcel));
const versions = async (parcelId: number) =>
  (
    await fx.one<{ n: number }>(
      'SELECT count(*)::int AS n FROM cadastre.parcel_version WHERE parcel_id = $1',
      [parcelId],
    )
  ).n;

describe('parcel edits: reading with an ETag, writing with If-Match', () => {
  it('answers GET with the version as ETag, the boundary in WGS84 and the lineage', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 0);
    const reply = await fx.call('surveyor1', 'GET', `/api/parcels/${a.parcelId}`);
    expect(reply.status).toBe(200);
    expect(reply.etag).toBe(`"v${a.versionNo}"`);
    expect(reply.body.versionNo).toBe(a.versionNo);
    expect(reply.body.geometry.type).toBe('MultiPolygon');
    const [lon, lat] = reply.body.geometry.coordinates[0][0][0];
    expect(lon).toBeGreaterThan(104);
    expect(lat).toBeLessThan(12);
    expect(reply.body.lineage).toEqual({ parents: [], children: [] });
    expect(reply.body.source.kind).toBe('demo');
    const list = await fx.call(
      'surveyor1',
      'GET',
      `/api/parcels?commune=${reply.body.commune.code}&sheet=${a.sheetNo}&no=${a.parcelNo}`,
    );
    expect(list.body.parcels).toEqual([
      expect.objectContaining({ parcelId: a.parcelId, versionNo: a.versionNo }),
    ]);
  });

  it('refuses a PATCH without If-Match (428), with a stale one (412), and from an officer (403)', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 0);
    const body = { landAddress: 'Ấp Hòa Thành', reason: 'correct the address' };
    const missing = await fx.call('surveyor1', 'PATCH', `/api/parcels/${a.parcelId}`, body);
    expect(missing.status).toBe(428);
    expect(missing.body.error.field).toBe('If-Match');
    const stale = await fx.call('surveyor1', 'PATCH', `/api/parcels/${a.parcelId}`, body, {
      'If-Match': `"v${a.versionNo + 5}"`,
    });
    expect(stale.status).toBe(412);
    expect(stale.etag).toBe(`"v${a.versionNo}"`);
    const officer = await fx.call(
      'officer.province',
      'PATCH',
      `/api/parcels/${a.parcelId}`,
      body,
      ifMatch(a),
    );
    expect(officer.status).toBe(403);
    const noReason = await patch(a, { landAddress: 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect(await versions(a.parcelId)).toBe(a.versionNo);
  });

  it('rejects a bow-tie boundary with the PostGIS reason and where it crosses', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 1);
    const [p0, p1, p2, p3] = a.ring;
    const bowTie = [p0, p2, p1, p3, p0] as typeof a.ring;
    const reply = await patch(a, {
      geometry: polygon(bowTie),
      crs: a.srid,
      reason: 'bow-tie test',
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.rule).toBe('geometry.valid');
    expect(reply.body.error.message).toMatch(
      /^geometry\.valid: parcel \d+ has an invalid boundary: Self-intersection at /,
    );
    expect(reply.body.error.parcelId).toBe(a.parcelId);
    expect(reply.body.error.location.srid).toBe(a.srid);
    expect(await versions(a.parcelId)).toBe(a.versionNo);
  });

  it('rejects a ring of three positions and an unclosed ring before touching the database', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 1);
    const [p0, p1] = a.ring as [(typeof a.ring)[0], (typeof a.ring)[0]];
    const short = await patch(a, {
      geometry: polygon([p0, p1, p0]),
      crs: a.srid,
      reason: 'three points',
    });
    expect(short.status).toBe(422);
    expect(short.body.error.rule).toBe('geometry.min_points');
    expect(short.body.error.message).toContain('needs at least 4');
    const open = await patch(a, {
      geometry: polygon(a.ring.slice(0, -1)),
      crs: a.srid,
      reason: 'open ring',
    });
    expect(open.status).toBe(422);
    expect(open.body.error.rule).toBe('geometry.valid');
    expect(open.body.error.message).toContain('is not closed');
  });

  it('rejects a sliver narrower than the configured width', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 1);
    const [x, y] = a.ring[0] as [number, number];
    const sliver = [
      [x + 1, y + 1],
      [x + 11, y + 1],
      [x + 11, y + 1.05],
      [x + 1, y + 1.05],
      [x + 1, y + 1],
    ] as typeof a.ring;
    const reply = await patch(a, {
      geometry: polygon(sliver),
      crs: a.srid,
      reason: 'sliver',
      snap: false,
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error.rule).toBe('geometry.sliver');
  });

  it('rejects an overlap of 0.2 m with the neighbour, naming it and the place', async () => {
    const [a, b] = await neighbourPair(fx.pool, sheet, 2);
    const ring = pushSharedEdge(a, b, 0.2);
    const reply = await patch(a, {
      geometry: polygon(ring),
      crs: a.srid,
      reason: 'move the fence',
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.rule).toBe('topology.overlap');
    expect(reply.body.error.message).toContain(`overlaps parcel ${b.parcelId}`);
    expect(reply.body.error.violations[0].geometry.type).toMatch(/Polygon/);
    expect(reply.body.error.location.lon).toBeGreaterThan(104);
    expect(await versions(a.parcelId)).toBe(a.versionNo);
  });

  it('snaps an overlap of 0.01 m back onto the neighbour and saves a new version', async () => {
    const [a, b] = await neighbourPair(fx.pool, sheet, 3);
    const ring = pushSharedEdge(a, b, 0.01);
    const dry = await patch(
      a,
      { geometry: polygon(ring), crs: a.srid, reason: 'dry' },
      '?dryRun=true',
    );
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: true, violations: [] });
    expect(await versions(a.parcelId)).toBe(a.versionNo);
    const reply = await patch(a, {
      geometry: polygon(ring),
      crs: a.srid,
      reason: 'resurvey of the east fence',
    });
    expect(reply.status).toBe(200);
    expect(reply.etag).toBe(`"v${a.versionNo + 1}"`);
    const overlap = await fx.one<{ area: number; shared: number }>(
      `SELECT ST_Area(ST_Intersection(a.geom, b.geom)) AS area,
              ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) AS shared
       FROM cadastre.current_parcel a, cadastre.current_parcel b WHERE a.parcel_id = $1 AND b.parcel_id = $2`,
      [a.parcelId, b.parcelId],
    );
    expect(overlap.area).toBeLessThan(1e-6);
    expect(overlap.shared).toBeGreaterThan(5);
    const history = await fx.call('surveyor1', 'GET', `/api/parcels/${a.parcelId}/history`);
    const last = history.body.versions.at(-1);
    expect(last).toMatchObject({
      versionNo: a.versionNo + 1,
      reason: 'resurvey of the east fence',
    });
    expect(last.source.kind).toBe('survey');
    expect(last.author.name).toBeTruthy();
    expect(history.body.versions[0].validTo).toBeTruthy();
  });

  it('rejects unknown land-use codes and a parcel number taken in the sheet', async () => {
    const [a, b] = await neighbourPair(fx.pool, sheet, 4);
    const code = await patch(a, { landUses: [{ code: 'XYZ', area: 100 }], reason: 'land use' });
    expect(code.status).toBe(422);
    expect(code.body.error.rule).toBe('attributes.land_use_code');
    expect(code.body.error.message).toContain('XYZ');
    const taken = await patch(a, { parcelNo: b.parcelNo, reason: 'renumber' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.rule).toBe('attributes.unique_number');
    expect(taken.body.error.parcelId).toBe(b.parcelId);
  });

  it('undoes the last edit with a new version that restores the previous content', async () => {
    const [a] = await neighbourPair(fx.pool, sheet, 5);
    const edited = await patch(a, {
      landAddress: 'Tổ 5, ấp Mỹ Lợi',
      reason: 'address from the holder',
    });
    expect(edited.status).toBe(200);
    const after = await sampleParcel(fx.pool, a.parcelId);
    const undo = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${a.parcelId}/undo`,
      {},
      ifMatch(after),
    );
    expect(undo.status).toBe(200);
    expect(undo.body.versionNo).toBe(a.versionNo + 2);
    expect(undo.body.source.kind).toBe('undo');
    const rows = await fx.pool.query(
      `SELECT version_no, land_address, source_kind FROM cadastre.parcel_version WHERE parcel_id = $1 ORDER BY version_no`,
      [a.parcelId],
    );
    const [first, second, third] = rows.rows;
    expect(second.land_address).toBe('Tổ 5, ấp Mỹ Lợi');
    expect(third.land_address).toBe(first.land_address);
    expect(third.source_kind).toBe('undo');
  });
});
