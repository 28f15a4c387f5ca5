import { afterAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

const apps: AppFixture[] = [];

async function start(env: Record<string, string> = {}): Promise<AppFixture> {
  const app = await startAppFixture({ env, poolSize: 2 });
  apps.push(app);
  return app;
}

afterAll(() => Promise.all(apps.map((app) => app.close())));

interface StyleLayer {
  id: string;
  type: string;
  source?: string;
  'source-layer'?: string;
  filter?: unknown;
  layout?: Record<string, unknown>;
  paint?: Record<string, unknown>;
}
interface Style {
  version: number;
  glyphs: string;
  sources: Record<string, { type: string; url?: string; tiles?: string[] }>;
  layers: StyleLayer[];
}

describe('map styles', () => {
  it.each(['default', 'public'])(
    'the %s style uses only existing sources and source layers',
    async (name) => {
      const { base } = await start();
      const style: Style = await (await fetch(`${base}/styles/${name}.json`)).json();
      expect(style.version).toBe(8);
      expect(new Set(style.layers.map((layer) => layer.id)).size).toBe(style.layers.length);
      for (const layer of style.layers) {
        if (layer.type === 'background') continue;
        const source = style.sources[layer.source ?? ''];
        expect(source, `${layer.id} uses source ${layer.source}`).toBeDefined();
        if (source?.type !== 'vector') continue;
        const tileJson = await (await fetch(source.url ?? '')).json();
        const ids = tileJson.vector_layers.map((vector: { id: string }) => vector.id);
        expect(ids, `${layer.id} reads ${layer['source-layer']}`).toContain(layer['source-layer']);
      }
    },
  );

  it('colours land use from ref.land_use_code and labels parcels "sheet/parcel" at high zoom, parcel only at mid zoom', async () => {
    const { base, pool } = await start();
    const style: Style = await (await fetch(`${base}/styles/default.json`)).json();
    const { rows } = await pool.query("SELECT color FROM ref.land_use_code WHERE code = 'LUC'");
    const landuse = style.layers.find((layer) => layer.id === 'landuse-fill');
    const colour = JSON.stringify(landuse?.paint?.['fill-color']);
    expect(colour).toContain(`"LUC","${rows[0].color}"`);
    const labels = style.layers.filter(
      (layer) => layer.source === 'parcels' && layer.type === 'symbol',
    );
    expect(labels.map((layer) => JSON.stringify(layer.layout?.['text-field']))).toEqual([
      '["to-string",["get","parcel_no"]]',
      '["concat",["to-string",["get","sheet_no"]],"/",["to-string",["get","parcel_no"]]]',
    ]);
    expect(
      style.layers.some((layer) => JSON.stringify(layer.filter ?? '').includes('disclosed')),
    ).toBe(true);
  });

  it('the public style references only public URLs of this server, and its glyphs are served', async () => {
    const { base } = await start();
    const text = await (await fetch(`${base}/styles/public.json`)).text();
    const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(6);
    for (const url of urls) expect(url.startsWith(base)).toBe(true);
    const style: Style = JSON.parse(text);
    expect(Object.keys(style.sources)).not.toContain('basemap');
    expect(
      style.layers.some((layer) => JSON.stringify(layer.filter ?? '').includes('disclosed')),
    ).toBe(false);
    for (const source of Object.values(style.sources)) {
      const response = await fetch(source.url ?? '');
      expect(response.status).toBe(200);
    }
    const fonts = new Set(
      style.layers.flatMap((layer) => (layer.layout?.['text-font'] as string[] | undefined) ?? []),
    );
    expect(fonts.size).toBeGreaterThan(0);
    for (const font of fonts) {
      for (const range of ['0-255', '7680-7935']) {
        const glyphs = await fetch(
          style.glyphs.replace('{fontstack}', encodeURIComponent(font)).replace('{range}', range),
        );
        expect(glyphs.status).toBe(200);
        expect((await glyphs.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
      }
    }
    const uncovered = await fetch(`${base}/fonts/DejaVu%20Sans%20Book/19968-20223.pbf`);
    expect(uncovered.status).toBe(200);
    expect((await fetch(`${base}/fonts/Comic%20Sans/0-255.pbf`)).status).toBe(404);
    expect((await fetch(`${base}/fonts/DejaVu%20Sans%20Book/0-254.pbf`)).status).toBe(400);
  });

  it('adds a raster basemap only when DIAGIS_BASEMAP_URL is configured', async () => {
    const { base } = await start({
      DIAGIS_BASEMAP_URL: 'https://tiles.example.vn/{z}/{x}/{y}.png',
    });
    const style: Style = await (await fetch(`${base}/styles/default.json`)).json();
    expect(style.sources.basemap).toEqual({
      type: 'raster',
      tiles: ['https://tiles.example.vn/{z}/{x}/{y}.png'],
      tileSize: 256,
      maxzoom: 19,
    });
    expect(style.layers[1]).toMatchObject({ id: 'basemap', source: 'basemap' });
  });
});
