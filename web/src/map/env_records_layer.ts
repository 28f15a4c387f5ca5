import * as maplibregl from 'maplibre-gl';
import type { AppContext } from '../app_context';

const sourceId = 'env_records';
const colour = '#00897b';

/**
 * The environmental protection registry (cam kết / đề án / kế hoạch BVMT) on the staff map:
 * points and project areas from /api/environment/records?format=geojson, added whenever a
 * signed-in user's style loads, with a popup naming the project and its decision.
 */
export function showEnvRecordsForStaff(map: maplibregl.Map, app: AppContext): void {
  const add = () => {
    if (!app.session || map.getSource(sourceId)) return;
    map.addSource(sourceId, {
      type: 'geojson',
      data: '/api/environment/records?format=geojson&limit=500',
    });
    map.addLayer({
      id: 'env-records-area',
      type: 'fill',
      source: sourceId,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': colour, 'fill-opacity': 0.15, 'fill-outline-color': colour },
    });
    map.addLayer({
      id: 'env-records-point',
      type: 'circle',
      source: sourceId,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 6,
        'circle-color': colour,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    });
  };
  map.on('style.load', add);
  if (map.isStyleLoaded()) add();
  for (const layer of ['env-records-area', 'env-records-point']) {
    map.on('click', layer, (event) => {
      const record = event.features?.[0]?.properties;
      if (!record) return;
      const body = document.createElement('div');
      const title = document.createElement('strong');
      title.textContent = String(record.projectName ?? '');
      const detail = document.createElement('div');
      detail.textContent = [
        app.t(`envKind_${String(record.kind)}` as Parameters<AppContext['t']>[0]),
        record.decisionNo ? `${app.t('envApproval')} ${record.decisionNo}` : '',
        record.decisionDate ?? '',
      ]
        .filter(Boolean)
        .join(' · ');
      body.append(title, detail);
      new maplibregl.Popup({ closeButton: true })
        .setLngLat(event.lngLat)
        .setDOMContent(body)
        .addTo(map);
    });
  }
}
