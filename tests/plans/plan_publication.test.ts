import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
let admin: Record<string, string>;
/** A spot inside the province, far from the low parcel ids other tests pick. */
let spot: { lon: number; lat: number };

beforeAll(async () => {
  fx = await startAppFixture();
  admin = { ...(await fx.signIn('admin')), 'Content-Type': 'application/json' };
  const { rows } = await fx.pool.query(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat
     FROM cadastre.current_parcel p, LATERAL ST_Transform(ST_PointOnSurface(p.geom), 4326) AS c
     WHERE EXISTS (SELECT 1 FROM admin.unit u WHERE u.level = 'province' AND ST_Contains(u.geom, ST_Expand(c, 0.003)))
     ORDER BY p.parcel_id DESC LIMIT 1`,
  );
  spot = rows[0];
});
afterAll(() => fx.close());

const square = (lon: number, lat: number, half: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - half, lat - half],
      [lon + half, lat - half],
      [lon + half, lat + half],
      [lon - half, lat + half],
      [lon - half, lat - half],
    ],
  ],
});

/** The z14 tile holding the spot (slippy-map numbering). */
function tilePath(): string {
  const n = 2 ** 14;
  const rad = (spot.lat * Math.PI) / 180;
  const x = Math.floor(((spot.lon + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return `/tiles/plan_zones/14/${x}/${y}.mvt`;
}

/** Zone ids in the anonymous plan_zones tile, and whether it came from the cache. */
async function publicTile(): Promise<{ ids: number[]; cache: string | null }> {
  const response = await fetch(`${fx.base}${tilePath()}`);
  const cache = response.headers.get('x-tile-cache');
  if (response.status === 204) return { ids: [], cache };
  const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers
    .plan_zones;
  const ids = Array.from({ length: layer?.length ?? 0 }, (_, i) => Number(layer?.feature(i).id));
  return { ids, cache };
}

const ogcZoneIds = async (planId: number): Promise<number[]> => {
  const response = await fetch(
    `${fx.base}/ogc/collections/plan_zones/items?plan_id=${planId}&limit=100`,
  );
  expect(response.status).toBe(200);
  return (await response.json()).features.map((f: { id: number }) => Number(f.id));
};

const post = (path: string, body: unknown) =>
  fetch(`${fx.base}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });

describe('plan publication workflow', () => {
  it('publishes a plan to public tiles, OGC and the portal API, and withdrawing removes it from all, cached tiles included', async () => {
    const created = await post('/api/plans', {
      name: `Kế hoạch thử ${Date.now()}`,
      kind: 'annual_plan',
      periodStart: 2026,
      periodEnd: 2026,
    });
    expect(created.status).toBe(201);
    const plan = await created.json();
    expect(plan.status).toBe('draft');

    // A bad zone stops the whole import, named by feature, field and rule.
    const zones = (code: string) => ({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square(spot.lon, spot.lat, 0.0004),
          properties: { planned_use_code: 'ODT', name: 'Khu dân cư thử' },
        },
        {
          type: 'Feature',
          geometry: square(spot.lon + 0.001, spot.lat, 0.0002),
          properties: { planned_use_code: code, name: 'Đất quốc phòng thử', withheld: true },
        },
      ],
    });
    const badCode = await post(`/api/plans/${plan.id}/zones`, zones('XYZ'));
    expect(badCode.status).toBe(400);
    expect((await badCode.json()).error.message).toMatch(
      /^features\.1\.properties\.planned_use_code: XYZ is not a land-use code/,
    );
    const swapped = await post(`/api/plans/${plan.id}/zones`, {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square(spot.lat, spot.lon, 0.0004),
          properties: { planned_use_code: 'ODT' },
        },
      ],
    });
    expect(swapped.status).toBe(400);
    expect((await swapped.json()).error.message).toMatch(
      /^features\.0\.geometry: position .* swapped axes/,
    );
    const faraway = await post(`/api/plans/${plan.id}/zones`, {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square(spot.lon + 5, spot.lat, 0.0004),
          properties: { planned_use_code: 'ODT' },
        },
      ],
    });
    expect((await faraway.json()).error.message).toMatch(
      /^features\.0\.geometry: lies outside the province/,
    );
    const stored = await fx.pool.query(
      'SELECT count(*)::int AS n FROM planning.plan_zone WHERE plan_id = $1',
      [plan.id],
    );
    expect(stored.rows[0].n).toBe(0);

    const imported = await post(`/api/plans/${plan.id}/zones`, zones('CQP'));
    expect(imported.status, await imported.clone().text()).toBe(201);
    const [shown, withheld] = (await imported.json()).zoneIds as number[];

    // Preview: staff see the draft zones; the public sees nothing of the draft.
    expect((await fetch(`${fx.base}/api/plans/${plan.id}/zones`)).status).toBe(401);
    const preview = await (
      await fetch(`${fx.base}/api/plans/${plan.id}/zones`, { headers: admin })
    ).json();
    expect(preview.features.map((f: { id: number }) => f.id)).toEqual([shown, withheld]);
    expect((await fetch(`${fx.base}/api/public/plans/${plan.id}`)).status).toBe(404);
    expect(await ogcZoneIds(plan.id)).toEqual([]);
    await publicTile();
    const before = await publicTile();
    expect(before.cache).toBe('hit-memory');
    expect(before.ids).not.toContain(shown);

    const published = await post(`/api/plans/${plan.id}/publish`, {
      decisionNo: '123/QĐ-UBND',
      decisionDate: '2026-01-15',
      approvedBy: 'UBND thành phố Cần Thơ',
    });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published', disclosedZones: 1 });

    const afterPublish = await publicTile();
    expect(afterPublish.ids).toContain(shown);
    expect(afterPublish.ids).not.toContain(withheld);
    expect(await ogcZoneIds(plan.id)).toEqual([shown]);
    const portal = await (await fetch(`${fx.base}/api/public/plans/${plan.id}`)).json();
    expect(portal).toMatchObject({ decisionNo: '123/QĐ-UBND', decisionDate: '2026-01-15' });
    expect(portal.legend.map((entry: { code: string }) => entry.code)).toEqual(['ODT']);
    const list = await (await fetch(`${fx.base}/api/public/plans`)).json();
    expect(list.plans.some((p: { id: number }) => p.id === plan.id)).toBe(true);

    // Content of a published plan is frozen; the plan can only be withdrawn.
    const edit = await fetch(`${fx.base}/api/plans/${plan.id}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ name: 'đổi tên' }),
    });
    expect(edit.status).toBe(409);

    expect((await publicTile()).cache).toBe('hit-memory');
    const withdrawn = await post(`/api/plans/${plan.id}/withdraw`, {
      reason: 'Quyết định bị thu hồi',
    });
    expect(withdrawn.status).toBe(200);
    expect((await withdrawn.json()).status).toBe('withdrawn');

    const afterWithdraw = await publicTile();
    expect(afterWithdraw.ids).not.toContain(shown);
    expect(await ogcZoneIds(plan.id)).toEqual([]);
    expect((await fetch(`${fx.base}/api/public/plans/${plan.id}`)).status).toBe(404);
    const again = await post(`/api/plans/${plan.id}/publish`, {
      decisionNo: '124/QĐ-UBND',
      decisionDate: '2026-02-01',
    });
    expect(again.status).toBe(409);
  });

  it('lets only admins write plans and names the broken rule', async () => {
    const anonymous = await fetch(`${fx.base}/api/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    const surveyor = { ...(await fx.signIn('surveyor1')), 'Content-Type': 'application/json' };
    const forbidden = await fetch(`${fx.base}/api/plans`, {
      method: 'POST',
      headers: surveyor,
      body: JSON.stringify({ name: 'x', kind: 'annual_plan', periodStart: 2026, periodEnd: 2026 }),
    });
    expect(forbidden.status).toBe(403);
    expect((await fetch(`${fx.base}/api/plans`, { headers: surveyor })).status).toBe(200);
    const badPeriod = await post('/api/plans', {
      name: 'Quy hoạch sai',
      kind: 'master_plan',
      periodStart: 2030,
      periodEnd: 2021,
    });
    expect(badPeriod.status).toBe(400);
    expect((await badPeriod.json()).error.field).toBe('periodEnd');
    const noZones = await (
      await post('/api/plans', {
        name: 'Trống',
        kind: 'master_plan',
        periodStart: 2021,
        periodEnd: 2030,
      })
    ).json();
    const empty = await post(`/api/plans/${noZones.id}/publish`, {
      decisionNo: '1/QĐ-UBND',
      decisionDate: '2026-01-01',
    });
    expect(empty.status).toBe(409);
  });
});
