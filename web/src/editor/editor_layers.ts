import type * as maplibregl from 'maplibre-gl';

/** The overlays the editor draws besides terra-draw's own layers. */
export type Overlay = 'violations' | 'preview' | 'history' | 'pending' | 'merge';

const empty = (): GeoJSON.FeatureCollection => ({ type: 'FeatureCollection', features: [] });
const sourceId = (overlay: Overlay) => `diagis-editor-${overlay}`;

const layersOf = (overlay: Overlay): maplibregl.LayerSpecification[] => {
  const source = sourceId(overlay);
  const polygons: maplibregl.FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
  switch (overlay) {
    case 'violations':
      return [
        {
          id: `${source}-fill`,
          type: 'fill',
          source,
          filter: polygons,
          paint: { 'fill-color': '#e03131', 'fill-opacity': 0.35 },
        },
        {
          id: `${source}-line`,
          type: 'line',
          source,
          filter: ['!=', ['geometry-type'], 'Point'],
          paint: { 'line-color': '#e03131', 'line-width': 3 },
        },
        {
          id: `${source}-point`,
          type: 'circle',
          source,
          filter: ['==', ['geometry-type'], 'Point'],
          paint: {
            'circle-color': '#e03131',
            'circle-radius': 7,
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ];
    case 'preview':
      return [
        {
          id: `${source}-line`,
          type: 'line',
          source,
          paint: { 'line-color': '#2b8a3e', 'line-width': 3, 'line-dasharray': [3, 2] },
        },
      ];
    case 'history':
      return [
        {
          id: `${source}-fill`,
          type: 'fill',
          source,
          paint: { 'fill-color': '#7048e8', 'fill-opacity': 0.2 },
        },
        {
          id: `${source}-line`,
          type: 'line',
          source,
          paint: { 'line-color': '#7048e8', 'line-width': 3 },
        },
      ];
    case 'pending':
      return [
        {
          id: `${source}-line`,
          type: 'line',
          source,
          paint: { 'line-color': '#f76707', 'line-width': 3, 'line-dasharray': [2, 2] },
        },
      ];
    case 'merge':
      return [
        {
          id: `${source}-fill`,
          type: 'fill',
          source,
          paint: { 'fill-color': '#f59f00', 'fill-opacity': 0.3 },
        },
        {
          id: `${source}-line`,
          type: 'line',
          source,
          paint: { 'line-color': '#f59f00', 'line-width': 3 },
        },
      ];
  }
};

const overlays: Overlay[] = ['pending', 'history', 'merge', 'preview', 'violations'];

/**
 * GeoJSON overlays of the editor (violations in red, previews, a historic version, a
 * dossier's pending parcels dashed orange, parcels chosen for merging). They are re-added
 * with their last data whenever the style is replaced.
 */
export class EditorLayers {
  private data = new Map<Overlay, GeoJSON.FeatureCollection>();

  constructor(private readonly map: maplibregl.Map) {
    map.on('styledata', () => this.ensure());
  }

  private ensure(): void {
    for (const overlay of overlays) {
      const id = sourceId(overlay);
      if (this.map.getSource(id)) continue;
      // isStyleLoaded() is also false while tiles load; only a style still being fetched
      // refuses new sources, and its own styledata event brings us back here.
      try {
        this.map.addSource(id, { type: 'geojson', data: this.data.get(overlay) ?? empty() });
      } catch {
        return;
      }
      for (const layer of layersOf(overlay)) this.map.addLayer(layer);
    }
  }

  set(overlay: Overlay, features: GeoJSON.Feature[]): void {
    const collection: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features };
    this.data.set(overlay, collection);
    this.ensure();
    (this.map.getSource(sourceId(overlay)) as maplibregl.GeoJSONSource | undefined)?.setData(
      collection,
    );
  }

  clear(...which: Overlay[]): void {
    for (const overlay of which.length ? which : overlays) this.set(overlay, []);
  }
}
