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
  fx = await startAppFixture({ users: ['surveyor1', 'officer.province', 'admin'], poolSize: 8 });
  sheet = await sampleSheet(fx.pool, 3);
});
afterAll(() => fx.close());

/** A split/merge dossier for `parcel`, received and started at the provincial office. */
async function openDossier(parcel: SampleParcel): Promise<number> {
  // Dossiers are filed under today's commune, which may have absorbed the parcel's one.
  const { communeId } = await fx.one<{ communeId: number }>(
    `SELECT coalesce((SELECT successor_id FROM admin.unit_succession WHERE predecessor_id = $1 LIMIT 1), $1) AS "communeId"`,
    [parcel.communeId],
  );
  const created = await fx.call('officer.province', 'POST', '/api/dossiers', {
    procedure: 'split_merge',
    communeId,
    parcelIds: [parcel.parcelId],
    applicant: { fullName: 'Phan Văn Lộc', idNumber: '094190004321', address: 'Ấp Hòa Thành' },
    channel: 'one_stop_centre',
  });
  expect(created.status).toBe(201);
  const started = await fx.call(
    'officer.province',
    'POST',
    `/api/dossiers/${created.body.id}/actions/start`,
    {},
  );
  expect(started.status).toBe(200);
  return created.body.id;
}

/** A vertical line through the middle of the parcel, from above to below it. */
function middleLine(parcel: SampleParcel) {
  const xs = parcel.ring.map((p) => p[0]);
  const ys = parcel.ring.map((p) => p[1]);
  const x = (Math.min(...xs) + Math.max(...xs)) / 2;
  return {
    type: 'LineString' as const,
    coordinates: [
      [x, Math.max(...ys) + 2],
      [x, Math.min(...ys) - 2],
    ],
  };
}

describe('edits made for a dossier wait for its decision', () => {
  it('keeps a split pending, shows it to the handlers, locks the parcel, and applies it on approval', async () => {
    const [parent] = await neighbourPair(fx.pool, sheet, 0);
    const dossierId = await openDossier(parent);
    const split = await fx.call(
      'surveyor1',
      'POST',
      `/api/parcels/${parent.parcelId}/split`,
      { line: middleLine(parent), crs: parent.srid, reason: 'tách thửa theo hồ sơ', dossierId },
      { 'If-Match': `"v${parent.versionNo}"` },
    );
    expect(split.status).toBe(202);
    expect(split.body.pending).toBe(true);
    expect(split.body.preview.parts).toHaveLength(2);
    // Nothing current changed yet.
    expect((await sampleParcel(fx.pool, parent.parcelId)).versionNo).toBe(parent.versionNo);
    const layer = await fx.call(
      'officer.province',
      'GET',
      `/api/dossiers/${dossierId}/pending-parcels`,
    );
    expect(layer.status).toBe(200);
    expect(layer.body.features).toHaveLength(1);
    expect(layer.body.features[0].properties).toMatchObject({
      action: 'split',
      parcelIds: [parent.parcelId],
    });
    expect(layer.body.features[0].geometry.type).toBe('MultiPolygon');

    const direct = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parent.parcelId}`,
      { landAddress: 'khác', reason: 'outside the dossier' },
      { 'If-Match': `"v${parent.versionNo}"` },
    );
    expect(direct.status).toBe(409);
    expect(direct.body.error.rule).toBe('pending.conflict');
    expect(direct.body.error.message).toContain(`dossier ${dossierId}`);

    const approved = await fx.call(
      'admin',
      'POST',
      `/api/dossiers/${dossierId}/actions/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    const children = await fx.pool.query(
      `SELECT l.child_parcel_id::int AS id, v.source_kind, v.dossier_id::int AS dossier_id, v.reason
       FROM cadastre.parcel_lineage l
       JOIN cadastre.parcel_version v ON v.id = l.child_version_id
       WHERE l.parent_parcel_id = $1`,
      [parent.parcelId],
    );
    expect(children.rows).toHaveLength(2);
    for (const child of children.rows)
      expect(child).toMatchObject({
        source_kind: 'dossier',
        dossier_id: dossierId,
        reason: 'tách thửa theo hồ sơ',
      });
    const gone = await fx.call('surveyor1', 'GET', `/api/parcels/${parent.parcelId}`);
    expect(gone.status).toBe(404);
    const after = await fx.call(
      'officer.province',
      'GET',
      `/api/dossiers/${dossierId}/pending-parcels`,
    );
    expect(after.body.features).toHaveLength(0);
  });

  it('discards the pending edits of a rejected dossier and frees the parcel', async () => {
    const [, parcel] = await neighbourPair(fx.pool, sheet, 3);
    const dossierId = await openDossier(parcel);
    const pending = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parcel.parcelId}`,
      { landAddress: 'Tổ 9, ấp Phú Hữu', reason: 'theo hồ sơ', dossierId },
      { 'If-Match': `"v${parcel.versionNo}"` },
    );
    expect(pending.status).toBe(202);
    const rejected = await fx.call(
      'officer.province',
      'POST',
      `/api/dossiers/${dossierId}/actions/reject`,
      {
        note: 'thiếu bản vẽ',
      },
    );
    expect(rejected.status).toBe(200);
    const status = await fx.one<{ status: string }>(
      'SELECT status FROM cadastre.pending_edit WHERE dossier_id = $1',
      [dossierId],
    );
    expect(status.status).toBe('discarded');
    expect((await sampleParcel(fx.pool, parcel.parcelId)).versionNo).toBe(parcel.versionNo);
    const direct = await fx.call(
      'surveyor1',
      'PATCH',
      `/api/parcels/${parcel.parcelId}`,
      { landAddress: 'Tổ 9, ấp Phú Hữu', reason: 'direct survey' },
      { 'If-Match': `"v${parcel.versionNo}"` },
    );
    expect(direct.status).toBe(200);
  });
});
