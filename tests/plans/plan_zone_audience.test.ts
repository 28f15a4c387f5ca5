import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
/** An undisclosed zone of the published master plan and the z14 tile holding its centre. */
let hidden: { id: number; path: string };

beforeAll(async () => {
  fx = await startAppFixture();
  const { rows } = await fx.pool.query(
    `SELECT z.id,
            floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 14))::int AS x,
            floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 14))::int AS y
     FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id,
          LATERAL ST_PointOnSurface(z.geom_3857) AS c
     WHERE NOT z.disclosed AND p.status = 'published' ORDER BY z.id LIMIT 1`,
  );
  expect(rows).toHaveLength(1);
  hidden = { id: Number(rows[0].id), path: `/tiles/plan_zones/14/${rows[0].x}/${rows[0].y}.mvt` };
});
afterAll(() => fx.close());

const zonesOf = async (response: Response) => {
  if (response.status === 204) return [];
  const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers
    .plan_zones;
  return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer?.feature(i));
};

describe('plan zones by audience', () => {
  it('hides undisclosed zones from anonymous visitors and shows them, marked, to a signed-in surveyor', async () => {
    const anonymous = await fetch(`${fx.base}${hidden.path}`);
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=60');
    expect(anonymous.headers.get('vary')).toBe('Accept-Encoding, Cookie');
    const publicZones = await zonesOf(anonymous);
    expect(publicZones.some((zone) => zone?.id === hidden.id)).toBe(false);
    expect(publicZones.every((zone) => zone && !('disclosed' in zone.properties))).toBe(true);

    const { Cookie: cookie } = await fx.signIn('surveyor1');

    const staff = await fetch(`${fx.base}${hidden.path}`, { headers: { Cookie: cookie } });
    expect(staff.status).toBe(200);
    expect(staff.headers.get('cache-control')).toBe('private, no-cache');
    const staffZones = await zonesOf(staff);
    const zone = staffZones.find((candidate) => candidate?.id === hidden.id);
    expect(zone?.properties.disclosed).toBe(false);
    expect(staffZones.length).toBeGreaterThan(publicZones.length);

    // The anonymous answer is still the public one: the cache keeps audiences apart.
    const again = await zonesOf(await fetch(`${fx.base}${hidden.path}`));
    expect(again.some((candidate) => candidate?.id === hidden.id)).toBe(false);
  });
});
