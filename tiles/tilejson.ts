import type { LonLatBounds } from './layer_bounds';
import { type Audience, type TileLayer, variantFor } from './layers';

/** Somewhere to look before any data exists: the demo province (Sóc Trăng / Cần Thơ). */
const fallbackBounds: LonLatBounds = [105.5, 9.2, 106.4, 10.0];

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The TileJSON `vector_layers` entry of a layer as `audience` gets it. */
export function vectorLayer(layer: TileLayer, audience: Audience) {
  const { variant } = variantFor(layer, audience);
  return {
    id: layer.id,
    description: layer.description,
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    fields: Object.fromEntries(variant.fields.map((field) => [field.name, field.type])),
  };
}

/** The tile URL template of a layer under `baseUrl`. */
export const tileUrlTemplate = (baseUrl: string, layer: TileLayer): string =>
  `${baseUrl}/tiles/${layer.id}/{z}/{x}/{y}.mvt`;

/**
 * TileJSON 3.0.0 for one layer: tile URL under `baseUrl`, zoom range, bounds of the data
 * (or of the demo province when there is none yet), a center, and its vector layer.
 */
export function tileJson(
  layer: TileLayer,
  audience: Audience,
  baseUrl: string,
  bounds: LonLatBounds | undefined,
) {
  const box = (bounds ?? fallbackBounds).map(round) as LonLatBounds;
  const centerZoom = Math.min(layer.maxzoom, Math.max(layer.minzoom, 12));
  return {
    tilejson: '3.0.0',
    name: layer.id,
    description: layer.description,
    attribution: 'diagis',
    scheme: 'xyz',
    tiles: [tileUrlTemplate(baseUrl, layer)],
    minzoom: layer.minzoom,
    maxzoom: layer.maxzoom,
    bounds: box,
    center: [round((box[0] + box[2]) / 2), round((box[1] + box[3]) / 2), centerZoom],
    vector_layers: [
      vectorLayer(layer, audience),
      ...(layer.companions ?? []).map((companion) => ({
        id: companion.id,
        description: companion.description,
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        fields: Object.fromEntries(companion.fields.map((field) => [field.name, field.type])),
      })),
    ],
  };
}
