import type pg from 'pg';
import type { Audience } from '../layers';
import { tileLayers } from '../layers';
import { type LandUseColors, styleLayers } from './style_layers';

/** Inputs of a map style. */
export interface StyleOptions {
  audience: Audience;
  /** Where clients reach this server (publicBaseUrl). */
  baseUrl: string;
  colors: LandUseColors;
  /** Optional XYZ raster basemap template (DIAGIS_BASEMAP_URL). */
  basemapUrl?: string | undefined;
}

/** The land-use colours of ref.land_use_code, in catalogue order. */
export async function landUseColors(db: pg.Pool | pg.ClientBase): Promise<LandUseColors> {
  const { rows } = await db.query<{ code: string; color: string }>(
    'SELECT code, color FROM ref.land_use_code ORDER BY sort_order',
  );
  return rows;
}

/**
 * A MapLibre style (v8) over diagis' own vector tiles: one source per tile layer (its
 * TileJSON URL), glyphs served by diagis, no sprite, and an external raster basemap only
 * when one is configured. The public and staff styles differ only in the staff layer for
 * undisclosed plan zones; both point at the same tile URLs, whose answer depends on who asks.
 */
export function mapStyle(options: StyleOptions) {
  const { baseUrl, audience, basemapUrl } = options;
  const sources: Record<string, object> = {};
  if (basemapUrl) {
    sources.basemap = { type: 'raster', tiles: [basemapUrl], tileSize: 256, maxzoom: 19 };
  }
  for (const layer of tileLayers) {
    sources[layer.id] = { type: 'vector', url: `${baseUrl}/tiles/${layer.id}.json` };
  }
  const layers = [
    { id: 'background', type: 'background', paint: { 'background-color': '#f4f1ea' } },
    ...(basemapUrl
      ? [{ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.6 } }]
      : []),
    ...styleLayers(audience, options.colors),
  ];
  return {
    version: 8,
    name: audience === 'staff' ? 'diagis (staff)' : 'diagis (public)',
    metadata: { 'diagis:audience': audience },
    center: [105.97, 9.6],
    zoom: 12,
    glyphs: `${baseUrl}/fonts/{fontstack}/{range}.pbf`,
    sources,
    layers,
  };
}
