import { afterAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const apps: AppFixture[] = [];

/** Starts an app with the given environment on a free port. */
async function start(env: Record<string, string>): Promise<AppFixture> {
  const app = await startAppFixture({ env, poolSize: 2 });
  apps.push(app);
  return app;
}

afterAll(() => Promise.all(apps.map((app) => app.close())));

describe('TileJSON', () => {
  it('describes a layer: template URL, zooms, bounds of the data around the demo, center, fields', async () => {
    const { base } = await start({});
    const response = await fetch(`${base}/tiles/parcels.json`);
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(json).toMatchObject({
      tilejson: '3.0.0',
      tiles: [`${base}/tiles/parcels/{z}/{x}/{y}.mvt`],
      minzoom: 15,
      maxzoom: 22,
    });
    const [west, south, east, north] = json.bounds;
    expect(west).toBeLessThan(105.97);
    expect(east).toBeGreaterThan(105.97);
    expect(south).toBeLessThan(9.6);
    expect(north).toBeGreaterThan(9.6);
    expect(json.center[2]).toBe(15);
    expect(json.vector_layers[0]).toMatchObject({
      id: 'parcels',
      fields: { parcel_no: 'Number', sheet_no: 'Number', main_use: 'String' },
    });
  });

  it('builds URLs from X-Forwarded-Host/Proto/Prefix behind a trusted proxy', async () => {
    const { base } = await start({
      DIAGIS_TRUST_PROXY: 'true',
      DIAGIS_ALLOWED_HOSTS: 'gis.soctrang.example',
    });
    const headers = {
      'X-Forwarded-Host': 'gis.soctrang.example',
      'X-Forwarded-Proto': 'https',
      'X-Forwarded-Prefix': '/diagis',
    };
    const json = await (await fetch(`${base}/tiles/landuse.json`, { headers })).json();
    expect(json.tiles).toEqual([
      'https://gis.soctrang.example/diagis/tiles/landuse/{z}/{x}/{y}.mvt',
    ]);
    const catalog = await (await fetch(`${base}/tiles/catalog.json`, { headers })).json();
    expect(catalog.layers.map((layer: { id: string }) => layer.id)).toEqual([
      'landuse',
      'parcels',
      'map_sheets',
      'plan_zones',
      'stations',
      'admin_units',
    ]);
    for (const layer of catalog.layers) {
      expect(layer.url).toBe(`https://gis.soctrang.example/diagis/tiles/${layer.id}.json`);
      expect(layer.tiles[0]).toMatch(
        /^https:\/\/gis\.soctrang\.example\/diagis\/tiles\/[a-z_]+\/\{z\}\/\{x\}\/\{y\}\.mvt$/,
      );
    }
  });

  it('prefers the configured public URL and ignores forwarded headers without a trusted proxy', async () => {
    const { base: configured } = await start({
      DIAGIS_PUBLIC_URL: 'https://dat.cantho.gov.vn/gis/',
    });
    const headers = { 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };
    const json = await (await fetch(`${configured}/tiles/stations.json`, { headers })).json();
    expect(json.tiles).toEqual(['https://dat.cantho.gov.vn/gis/tiles/stations/{z}/{x}/{y}.mvt']);
    const { base: plain } = await start({});
    const direct = await (await fetch(`${plain}/tiles/stations.json`, { headers })).json();
    expect(direct.tiles).toEqual([`${plain}/tiles/stations/{z}/{x}/{y}.mvt`]);
  });

  it('lists the staff fields of plan zones only to signed-in staff', async () => {
    const { base, signIn } = await start({});
    const anonymous = await (await fetch(`${base}/tiles/plan_zones.json`)).json();
    expect(anonymous.vector_layers[0].fields).not.toHaveProperty('disclosed');
    const { Cookie: cookie } = await signIn('viewer1');
    const staff = await (
      await fetch(`${base}/tiles/plan_zones.json`, { headers: { Cookie: cookie } })
    ).json();
    expect(staff.vector_layers[0].fields).toHaveProperty('disclosed', 'Boolean');
  });
});
