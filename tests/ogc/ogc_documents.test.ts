import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const apps: AppFixture[] = [];

/** Starts the real app with the given environment on a free port. */
async function start(env: Record<string, string>): Promise<AppFixture> {
  const app = await startAppFixture({ env, poolSize: 2 });
  apps.push(app);
  return app;
}

let fx: AppFixture;
let proxied: string;
let configured: string;

beforeAll(async () => {
  fx = await start({});
  proxied = (
    await start({ DIAGIS_TRUST_PROXY: 'true', DIAGIS_ALLOWED_HOSTS: 'gis.example.vn,127.0.0.1' })
  ).base;
  configured = (await start({ DIAGIS_PUBLIC_URL: 'https://dat.example.gov.vn/portal/' })).base;
});
afterAll(() => Promise.all(apps.map((app) => app.close())));

const hrefOf = (body: { links: { rel: string; href: string; type: string }[] }, rel: string) =>
  body.links.find((link) => link.rel === rel);

describe('OGC API landing page, conformance and API document', () => {
  it('links self, service-desc (OpenAPI 3.0), service-doc, conformance and data', async () => {
    const response = await fetch(`${fx.base}/ogc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(hrefOf(body, 'self')?.href).toBe(`${fx.base}/ogc`);
    expect(hrefOf(body, 'service-desc')).toEqual({
      href: `${fx.base}/ogc/api`,
      rel: 'service-desc',
      type: 'application/vnd.oai.openapi+json;version=3.0',
      title: 'OpenAPI 3.0 definition',
    });
    expect(hrefOf(body, 'service-doc')).toMatchObject({
      href: `${fx.base}/ogc/api.html`,
      type: 'text/html',
    });
    expect(hrefOf(body, 'conformance')?.href).toBe(`${fx.base}/ogc/conformance`);
    expect(hrefOf(body, 'data')?.href).toBe(`${fx.base}/ogc/collections`);
    const html = await fetch(hrefOf(body, 'service-doc')?.href ?? '');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('/collections/parcels/items');
  });

  it('declares core, GeoJSON, OpenAPI 3.0 and CRS (Part 2) conformance', async () => {
    const body = await (await fetch(`${fx.base}/ogc/conformance?f=json`)).json();
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  it('serves an OpenAPI 3.0 document with every collection path, its queryables and the paging limits', async () => {
    const response = await fetch(`${fx.base}/ogc/api`);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.oai.openapi+json;version=3.0',
    );
    const api = await response.json();
    expect(api.openapi).toMatch(/^3\.0\./);
    expect(api.servers[0].url).toBe(`${fx.base}/ogc`);
    for (const id of ['parcels', 'map_sheets', 'plan_zones', 'stations', 'admin_units']) {
      expect(Object.keys(api.paths)).toEqual(
        expect.arrayContaining([
          `/collections/${id}/items`,
          `/collections/${id}/items/{featureId}`,
        ]),
      );
    }
    expect(api.components.parameters.limit.schema).toMatchObject({
      minimum: 1,
      maximum: 10_000,
      default: 100,
    });
    const parcelParams = api.paths['/collections/parcels/items'].get.parameters;
    const names = parcelParams.map(
      (p: { $ref?: string; name?: string }) => p.name ?? p.$ref?.split('/').pop(),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'limit',
        'offset',
        'after',
        'bbox',
        'bbox-crs',
        'crs',
        'properties',
        'commune_code',
        'sheet_no',
      ]),
    );
    expect(names).not.toContain('datetime');
    expect(names).not.toContain('cert_sheet_no');
    const communeCode = parcelParams.find((p: { name?: string }) => p.name === 'commune_code');
    expect(communeCode).toMatchObject({
      in: 'query',
      style: 'form',
      explode: false,
      schema: { type: 'string' },
    });
    expect(api.components.parameters.crs.schema.enum).toContain(
      'http://www.opengis.net/def/crs/EPSG/0/9209',
    );
    const refs = JSON.stringify(api).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const path = ref.slice(10, -1).split('/');
      const target = path.reduce((node, key) => node?.[key], api);
      expect(target, ref).toBeTypeOf('object');
    }
    const asJson = await fetch(`${fx.base}/ogc/api`, { headers: { Accept: 'application/json' } });
    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('honours Accept: 406 naming Accept when JSON is not acceptable, 400 for an unknown f', async () => {
    const xml = await fetch(`${fx.base}/ogc`, { headers: { Accept: 'application/xml' } });
    expect(xml.status).toBe(406);
    expect((await xml.json()).error.field).toBe('Accept');
    const html = await fetch(`${fx.base}/ogc/collections?f=html`);
    expect(html.status).toBe(400);
    expect((await html.json()).error).toMatchObject({
      field: 'f',
      message: "f: must be json, got 'html'",
    });
    const unknown = await fetch(`${fx.base}/ogc/conformance?foo=1`);
    expect((await unknown.json()).error.field).toBe('foo');
  });
});

describe('OGC API collections', () => {
  it('lists the collections with extents computed from the data, CRS lists and links', async () => {
    // Other test files import and edit parcels meanwhile: the extent the server computes
    // lies between the data's extent just before and just after the request.
    const dataExtent = async () =>
      (
        await fx.pool.query(
          `SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax
           FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM cadastre.current_parcel) s`,
        )
      ).rows[0] as Record<'xmin' | 'ymin' | 'xmax' | 'ymax', number>;
    const before = await dataExtent();
    const body = await (await fetch(`${fx.base}/ogc/collections`)).json();
    const after = await dataExtent();
    expect(body.collections.map((c: { id: string }) => c.id)).toEqual([
      'parcels',
      'map_sheets',
      'plan_zones',
      'stations',
      'admin_units',
    ]);
    const parcels = body.collections[0];
    expect(parcels.itemType).toBe('feature');
    expect(parcels.title).toBe('Thửa đất');
    expect(parcels.description).toMatch(/Current cadastral parcels/);
    expect(parcels.storageCrs).toBe('http://www.opengis.net/def/crs/EPSG/0/9209');
    expect(parcels.crs).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
        'http://www.opengis.net/def/crs/EPSG/0/4326',
        'http://www.opengis.net/def/crs/EPSG/0/3857',
        'http://www.opengis.net/def/crs/EPSG/0/9209',
      ]),
    );
    const bbox = parcels.extent.spatial.bbox[0] as number[];
    (['xmin', 'ymin', 'xmax', 'ymax'] as const).forEach((side, index) => {
      const low = Math.min(before[side], after[side]) - 1e-5;
      const high = Math.max(before[side], after[side]) + 1e-5;
      expect(bbox[index], side).toBeGreaterThanOrEqual(low);
      expect(bbox[index], side).toBeLessThanOrEqual(high);
    });
    expect(parcels.extent.spatial.crs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(hrefOf(parcels, 'items')).toMatchObject({
      href: `${fx.base}/ogc/collections/parcels/items`,
      type: 'application/geo+json',
    });

    const units = body.collections.find((c: { id: string }) => c.id === 'admin_units');
    expect(units.extent.temporal.interval[0][0]).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+07:00$/);
    expect(units.extent.temporal.interval[0][1]).toBeNull();
    expect(units.storageCrs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
  });

  it('describes one collection, and answers 404 naming collectionId for an unknown one', async () => {
    const stations = await (await fetch(`${fx.base}/ogc/collections/stations`)).json();
    expect(stations.id).toBe('stations');
    expect(hrefOf(stations, 'self')?.href).toBe(`${fx.base}/ogc/collections/stations`);
    const missing = await fetch(`${fx.base}/ogc/collections/holders`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.field).toBe('collectionId');
  });

  it('publishes queryables and a typed feature schema', async () => {
    const queryables = await fetch(`${fx.base}/ogc/collections/parcels/queryables`);
    expect(queryables.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    const body = await queryables.json();
    expect(Object.keys(body.properties)).toEqual([
      'commune_code',
      'sheet_no',
      'parcel_no',
      'land_use_1',
    ]);
    const schema = await (await fetch(`${fx.base}/ogc/collections/parcels/schema`)).json();
    expect(schema.properties.properties.properties.legal_area.type).toBe('number');
    expect(schema.properties.properties.properties.sheet_no.type).toBe('integer');
  });
});

describe('OGC API links behind a proxy', () => {
  const forwarded = { 'X-Forwarded-Host': 'gis.example.vn', 'X-Forwarded-Proto': 'https' };

  it('uses X-Forwarded-Host/Proto when DIAGIS_TRUST_PROXY is on', async () => {
    const landing = await (await fetch(`${proxied}/ogc`, { headers: forwarded })).json();
    expect(hrefOf(landing, 'data')?.href).toBe('https://gis.example.vn/ogc/collections');
    const page = await (
      await fetch(`${proxied}/ogc/collections/stations/items?limit=5`, { headers: forwarded })
    ).json();
    const fifth = page.features[4].id;
    expect(hrefOf(page, 'next')?.href).toBe(
      `https://gis.example.vn/ogc/collections/stations/items?limit=5&after=${fifth}`,
    );
  });

  it('ignores forwarded headers when the proxy is not trusted', async () => {
    const landing = await (await fetch(`${fx.base}/ogc`, { headers: forwarded })).json();
    expect(hrefOf(landing, 'data')?.href).toBe(`${fx.base}/ogc/collections`);
  });

  it('uses DIAGIS_PUBLIC_URL when configured', async () => {
    const collections = await (
      await fetch(`${configured}/ogc/collections`, { headers: forwarded })
    ).json();
    expect(hrefOf(collections, 'self')?.href).toBe(
      'https://dat.example.gov.vn/portal/ogc/collections',
    );
    expect(hrefOf(collections.collections[0], 'items')?.href).toBe(
      'https://dat.example.gov.vn/portal/ogc/collections/parcels/items',
    );
    const api = await (await fetch(`${configured}/ogc/api`)).json();
    expect(api.servers[0].url).toBe('https://dat.example.gov.vn/portal/ogc');
  });
});
