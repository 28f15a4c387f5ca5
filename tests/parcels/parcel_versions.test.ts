import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withTransaction } from '../../core/db/transaction';
import {
  parcelAsOfDate,
  parcelHistory,
  reviseParcel,
  StaleVersionError,
} from '../../server/parcels/parcel_versions';

let pool: pg.Pool;
let surveyorId: number;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
  surveyorId = (await pool.query(`SELECT id FROM auth.app_user WHERE username = 'surveyor1'`))
    .rows[0].id;
});
afterAll(() => pool.end());

const shiftedGeometry = async (id: number, dx: number) =>
  (
    await pool.query(
      `SELECT ST_AsGeoJSON(ST_Translate(geom, $2, 0))::json AS g FROM cadastre.current_parcel WHERE parcel_id = $1`,
      [id, dx],
    )
  ).rows[0].g;

const firstEdit = new Date('2025-03-01T10:00:00+07:00');
const secondEdit = new Date('2026-01-15T09:30:00+07:00');

/**
 * The `slot`-th untouched demo parcel from the 500th on, revised twice (geometry on
 * `firstEdit` with request id `parcel-versions-<slot>`, address on `secondEdit`): each test
 * makes its own, so any one runs alone.
 */
async function revisedTwice(slot: number) {
  const { rows } = await pool.query(
    `SELECT parcel_id FROM cadastre.current_parcel WHERE version_no = 1 ORDER BY parcel_id OFFSET $1 LIMIT 1`,
    [500 + slot],
  );
  const parcelId = Number(rows[0].parcel_id);
  const requestId = `parcel-versions-${slot}`;
  const original = (await parcelHistory(pool, parcelId))[0];
  expect(original?.versionNo).toBe(1);
  const geometry = await shiftedGeometry(parcelId, 0.5);
  await withTransaction(pool, { userId: surveyorId, requestId }, (client) =>
    reviseParcel(client, {
      parcelId,
      expectedVersionNo: 1,
      changes: { geometry },
      source: { kind: 'survey', ref: 'BB-2025-017' },
      reason: 'boundary corrected after field check',
      authorId: surveyorId,
      at: firstEdit,
    }),
  );
  await withTransaction(pool, { userId: surveyorId }, (client) =>
    reviseParcel(client, {
      parcelId,
      expectedVersionNo: 2,
      changes: { landAddress: 'Ấp Hòa Mỹ, thửa sửa lần 2' },
      source: { kind: 'survey' },
      reason: 'address corrected',
      authorId: surveyorId,
      at: secondEdit,
    }),
  );
  return { parcelId, original, requestId };
}

describe('parcel versions', () => {
  it('keeps three versions after two updates and answers "as of date D" with the right one', async () => {
    const { parcelId, original } = await revisedTwice(0);

    const history = await parcelHistory(pool, parcelId);
    expect(history.map((version) => version.versionNo)).toEqual([1, 2, 3]);
    expect(history[0]?.validTo?.toISOString()).toBe(firstEdit.toISOString());
    expect(history[1]?.validFrom.toISOString()).toBe(firstEdit.toISOString());
    expect(history[1]?.validTo?.toISOString()).toBe(secondEdit.toISOString());
    expect(history[2]?.validTo).toBeNull();
    expect(history[1]?.sourceRef).toBe('BB-2025-017');
    expect(history[2]?.landAddress).toBe('Ấp Hòa Mỹ, thửa sửa lần 2');
    // Land uses and the legal area carry over; the computed area follows the geometry.
    expect(history[2]?.landUses).toEqual(original?.landUses);
    expect(history[1]?.computedArea).toBeCloseTo(original?.computedArea ?? 0, 6);

    expect((await parcelAsOfDate(pool, parcelId, '2020-06-30'))?.versionNo).toBe(1);
    expect((await parcelAsOfDate(pool, parcelId, '2025-02-28'))?.versionNo).toBe(1);
    // An edit made during day D is part of "as of D".
    expect((await parcelAsOfDate(pool, parcelId, '2025-03-01'))?.versionNo).toBe(2);
    expect((await parcelAsOfDate(pool, parcelId, '2025-12-31'))?.versionNo).toBe(2);
    expect((await parcelAsOfDate(pool, parcelId, '2026-01-15'))?.versionNo).toBe(3);
    expect(await parcelAsOfDate(pool, parcelId, '2007-01-01')).toBeUndefined();
  });

  it('refuses a revision based on a stale version and writes nothing', async () => {
    const { parcelId } = await revisedTwice(1);
    const before = await parcelHistory(pool, parcelId);
    await expect(
      withTransaction(pool, { userId: surveyorId }, (client) =>
        reviseParcel(client, {
          parcelId,
          expectedVersionNo: 1,
          changes: { legalArea: 123.4 },
          source: { kind: 'survey' },
          reason: 'late edit',
          authorId: surveyorId,
          at: new Date('2026-02-01T00:00:00Z'),
        }),
      ),
    ).rejects.toThrow(StaleVersionError);
    expect(await parcelHistory(pool, parcelId)).toEqual(before);
  });

  it('never lets an old version change or disappear', async () => {
    const { parcelId } = await revisedTwice(2);
    const oldVersionId = (await parcelHistory(pool, parcelId))[0]?.versionId;
    await expect(
      pool.query(`UPDATE cadastre.parcel_version SET land_address = 'rewritten' WHERE id = $1`, [
        oldVersionId,
      ]),
    ).rejects.toThrow(/immutable/);
    await expect(
      pool.query(
        `UPDATE cadastre.parcel_version SET valid = tstzrange(lower(valid), NULL) WHERE id = $1`,
        [oldVersionId],
      ),
    ).rejects.toThrow(/only be closed/);
    await expect(
      pool.query('DELETE FROM cadastre.parcel_version WHERE id = $1', [oldVersionId]),
    ).rejects.toThrow(/never deleted/);
    await expect(
      pool.query('DELETE FROM cadastre.parcel_land_use WHERE version_id = $1', [oldVersionId]),
    ).rejects.toThrow(/append-only/);
  });

  it('records each write in the audit log with the acting user and request id', async () => {
    const { requestId } = await revisedTwice(3);
    const { rows } = await pool.query(
      `SELECT action, actor_user_id, request_id FROM audit.log
       WHERE table_name = 'cadastre.parcel_version' AND request_id = $1 ORDER BY id`,
      [requestId],
    );
    expect(rows.map((row) => row.action)).toEqual(['UPDATE', 'INSERT']);
    expect(rows.every((row) => row.actor_user_id === surveyorId)).toBe(true);
  });
});
