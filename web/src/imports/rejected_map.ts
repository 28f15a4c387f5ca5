import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { getJson } from '../api';

// MapLibre 6 loads its worker from a separate module; serve it from our own build.
maplibregl.setWorkerUrl(workerUrl);

interface FeatureCollection {
  type: 'FeatureCollection';
  features: { geometry: { coordinates: unknown } | null; properties: Record<string, unknown> }[];
}

/** Every [lon, lat] pair in nested coordinate arrays. */
function* positions(coordinates: unknown): Generator<[number, number]> {
  if (!Array.isArray(coordinates)) return;
  if (typeof coordinates[0] === 'number') yield [coordinates[0], Number(coordinates[1])];
  else for (const part of coordinates) yield* positions(part);
}

/**
 * A small map of the rejected features of a job (WGS84 GeoJSON from the report download),
 * outlined in red on a plain background: no basemap, so it works offline. Features without
 * geometry are left out (they are in the CSV). Returns the map, or undefined when none has one.
 */
export async function showRejectedMap(
  container: HTMLElement,
  url: string,
): Promise<maplibregl.Map | undefined> {
  const data = await getJson<FeatureCollection>(url);
  const located = data.features.filter((feature) => feature.geometry !== null);
  const bounds = new maplibregl.LngLatBounds();
  for (const feature of located) {
    for (const position of positions(feature.geometry?.coordinates)) bounds.extend(position);
  }
  if (bounds.isEmpty()) return undefined;
  container.hidden = false;
  const map = new maplibregl.Map({
    container,
    attributionControl: false,
    bounds,
    fitBoundsOptions: { padding: 30, maxZoom: 19 },
    style: {
      version: 8,
      sources: { rejected: { type: 'geojson', data: { ...data, features: located } as never } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#f4f1e8' } },
        {
          id: 'rejected-fill',
          type: 'fill',
          source: 'rejected',
          paint: { 'fill-color': '#c0392b', 'fill-opacity': 0.25 },
        },
        {
          id: 'rejected-line',
          type: 'line',
          source: 'rejected',
          paint: { 'line-color': '#c0392b', 'line-width': 2 },
        },
      ],
    },
  });
  map.on('click', 'rejected-fill', (event: maplibregl.MapLayerMouseEvent) => {
    const properties = event.features?.[0]?.properties ?? {};
    new maplibregl.Popup()
      .setLngLat(event.lngLat)
      .setText(`#${properties.feature_no}: ${properties.problems ?? properties.rules ?? ''}`)
      .addTo(map);
  });
  return map;
}
