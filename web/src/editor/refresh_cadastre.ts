import type * as maplibregl from 'maplibre-gl';

/** Tile layers whose content a parcel edit changes. */
const editedSourceLayers = new Set(['parcels', 'parcel_labels', 'landuse']);

/**
 * Refetches every tile of the sources that carry parcels, so the map shows a saved edit at
 * once. MapLibre keeps loaded tiles in memory; the server has already dropped the changed
 * tiles from its cache, and staff tiles are `private, no-cache` with an ETag, so the
 * refetch revalidates and only changed tiles come back with a body.
 */
export function refreshCadastre(map: maplibregl.Map): string[] {
  const sources = new Set<string>();
  for (const layer of map.getStyle()?.layers ?? []) {
    if ('source-layer' in layer && editedSourceLayers.has(layer['source-layer'] ?? ''))
      sources.add(layer.source);
  }
  for (const source of sources) map.refreshTiles(source);
  return [...sources];
}
