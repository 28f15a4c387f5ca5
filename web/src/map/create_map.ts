import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// MapLibre 6 loads its worker from a separate module; serve it from our own build.
maplibregl.setWorkerUrl(workerUrl);

/** The style a user gets: staff see the full data, everyone else the public style. */
export const styleUrlFor = (staff: boolean): string =>
  staff ? '/styles/default.json' : '/styles/public.json';

/**
 * Creates the map centred on the demo province, with navigation, a metric scale bar and
 * the view kept in the URL hash (so a link reopens the same place); `hash: false` for the
 * small maps of other pages, whose URL says something else.
 */
export function createMap(
  container: HTMLElement,
  styleUrl: string,
  options: { hash?: boolean } = {},
): maplibregl.Map {
  const map = new maplibregl.Map({
    container,
    style: styleUrl,
    center: [105.97, 9.6],
    zoom: 12,
    hash: options.hash ?? true,
    maxPitch: 0,
    dragRotate: false,
    attributionControl: { compact: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left');
  return map;
}

/** The source that serves the `parcels` vector-tile layer in the current style, if any. */
export function parcelSourceId(map: maplibregl.Map): string | undefined {
  const layer = map
    .getStyle()
    .layers.find(
      (candidate) => 'source-layer' in candidate && candidate['source-layer'] === 'parcels',
    );
  return layer && 'source' in layer ? (layer.source as string) : undefined;
}
