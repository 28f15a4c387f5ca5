import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';
import { betweenEqualCounts } from '../support/stable_count';

let fx: AppFixture;
// A clock of its own, so sign-in rate-limit windows of other test files never overlap.
const now = new Date('2040-03-01T08:00:00Z');

beforeAll(async () => {
  fx = await startAppFixture({ clock: () => now });
});
afterAll(() => fx.close());

/** Disclosed zones of published plans: what anonymous users and viewers see. */
const publicZones = async () =>
  (
    await fx.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id
       WHERE z.disclosed AND p.status = 'published'`,
    )
  ).n;
const signIn = async (username: string) => (await fx.signIn(username)).Cookie;
const get = (path: string, cookie?: string) =>
  fetch(`${fx.base}/ogc/collections/${path}`, { headers: cookie ? { Cookie: cookie } : {} });

describe('OGC plan zones: disclosed zones for the public, every zone for planning staff', () => {
  it('shows anonymous users only disclosed zones of published plans, and 404 for the others', async () => {
    // Plan tests publish and withdraw plans meanwhile: the count holds around the request.
    const { count: disclosed, observed: page } = await betweenEqualCounts(publicZones, async () =>
      (await get('plan_zones/items?limit=1000')).json(),
    );
    expect(page.numberMatched).toBe(disclosed);
    const { hidden } = await fx.one(
      `SELECT min(z.id) AS hidden FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id
       WHERE NOT (z.disclosed AND p.status = 'published')`,
    );
    expect(page.features.map((f: { id: number }) => f.id)).not.toContain(Number(hidden));
    expect(page.features[0].properties).not.toHaveProperty('disclosed');
    const single = await get(`plan_zones/items/${hidden}`);
    expect(single.status).toBe(404);
    const filter = await get('plan_zones/items?disclosed=false');
    expect(filter.status).toBe(400);
  });

  it('shows a signed-in surveyor every zone with its plan status and disclosed flag', async () => {
    const cookie = await signIn('surveyor1');
    const { hidden } = await fx.one(
      'SELECT min(id) AS hidden FROM planning.plan_zone WHERE NOT disclosed',
    );
    const allZones = async () =>
      (await fx.one<{ n: number }>('SELECT count(*)::int AS n FROM planning.plan_zone')).n;
    const { count: total, observed: page } = await betweenEqualCounts(allZones, async () =>
      (await get('plan_zones/items?limit=1000', cookie)).json(),
    );
    expect(page.numberMatched).toBe(total);
    const single = await get(`plan_zones/items/${hidden}`, cookie);
    expect(single.status).toBe(200);
    const zone = await single.json();
    expect(zone.properties).toMatchObject({ disclosed: false });
    expect(['draft', 'published', 'withdrawn']).toContain(zone.properties.plan_status);
    const undisclosedZones = async () =>
      (
        await fx.one<{ n: number }>(
          'SELECT count(*)::int AS n FROM planning.plan_zone WHERE NOT disclosed',
        )
      ).n;
    const undisclosed = await betweenEqualCounts(undisclosedZones, async () =>
      (await get('plan_zones/items?disclosed=false&limit=1', cookie)).json(),
    );
    expect(undisclosed.observed.numberMatched).toBe(undisclosed.count);
    const collection = await (
      await fetch(`${fx.base}/ogc/api`, { headers: { Cookie: cookie } })
    ).json();
    const names = collection.paths['/collections/plan_zones/items'].get.parameters.map(
      (p: { name?: string }) => p.name,
    );
    expect(names).toContain('disclosed');
  });

  it('keeps a viewer (no planning role) on the public plan zones', async () => {
    const cookie = await signIn('viewer1');
    const { count, observed: page } = await betweenEqualCounts(publicZones, async () =>
      (await get('plan_zones/items?limit=1', cookie)).json(),
    );
    expect(page.numberMatched).toBe(count);
  });
});

describe('OGC parcels: extra non-personal fields for users who may read parcels', () => {
  it('adds certificate numbers, address and map sheet for a signed-in user, never holders', async () => {
    const anonymous = await (await get('parcels/items/1')).json();
    expect(Object.keys(anonymous.properties)).not.toContain('cert_sheet_no');
    expect(Object.keys(anonymous.properties)).not.toContain('land_address');

    const cookie = await signIn('surveyor1');
    const staff = await (await get('parcels/items/1', cookie)).json();
    const row = await fx.one(
      'SELECT map_sheet_id, cert_sheet_no, land_address FROM cadastre.current_parcel WHERE parcel_id = 1',
    );
    expect(staff.properties).toMatchObject({
      map_sheet_id: row.map_sheet_id,
      cert_sheet_no: row.cert_sheet_no,
      land_address: row.land_address,
      sheet_no: anonymous.properties.sheet_no,
    });
    const text = JSON.stringify(await (await get('parcels/items?limit=300', cookie)).json());
    expect(text).not.toMatch(/holder|full_name|id_number|party_id/);
    const bySheet = await (
      await get(`parcels/items?map_sheet_id=${row.map_sheet_id}&limit=1`, cookie)
    ).json();
    expect(bySheet.numberMatched).toBe(
      (
        await fx.pool.query(
          'SELECT count(*)::int AS n FROM cadastre.current_parcel WHERE map_sheet_id = $1',
          [row.map_sheet_id],
        )
      ).rows[0].n,
    );
  });
});
