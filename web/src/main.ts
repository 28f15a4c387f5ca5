import './style.css';
import { ParcelEditor } from './editor/parcel_editor';
import { CoordinatesControl } from './map/coordinates_control';
import { createMap, parcelSourceId, styleUrlFor } from './map/create_map';
import { showEnvRecordsForStaff } from './map/env_records_layer';
import { InfoPanel } from './map/info_panel';
import { LayerSwitcher } from './map/layer_switcher';
import { MeasureControl } from './map/measure_control';
import { SearchBox } from './map/search_box';
import { openPage } from './page_setup';

const page = await openPage('staff');
const { app } = page;

const map = createMap(
  document.getElementById('map') as HTMLElement,
  styleUrlFor(app.session !== undefined),
);
const measure = new MeasureControl(app);
map.addControl(new LayerSwitcher(app), 'top-right');
map.addControl(measure, 'top-right');
map.addControl(new CoordinatesControl(), 'bottom-right');
showEnvRecordsForStaff(map, app);
const info = new InfoPanel(document.getElementById('info') as HTMLElement, app);

let selected: { source: string; id: number } | undefined;
const select = (parcelId: number | undefined) => {
  if (selected && map.getSource(selected.source)) {
    map.setFeatureState(
      { source: selected.source, sourceLayer: 'parcels', id: selected.id },
      { selected: false },
    );
  }
  const source = parcelSourceId(map);
  selected = parcelId !== undefined && source ? { source, id: parcelId } : undefined;
  if (selected) map.setFeatureState({ ...selected, sourceLayer: 'parcels' }, { selected: true });
};

// Built before the session listener below: it closes itself before the style is replaced.
const editor = new ParcelEditor(
  map,
  app,
  document.getElementById('editor') as HTMLElement,
  document.getElementById('editor-open') as HTMLButtonElement,
  () => info.hide(),
);

map.on('click', (event) => {
  if (measure.active || editor.active) return;
  const hit = map
    .queryRenderedFeatures(event.point)
    .find((feature) => feature.sourceLayer === 'parcels');
  const id = hit ? Number(hit.id ?? hit.properties?.parcel_id) : undefined;
  if (id === undefined || Number.isNaN(id)) return;
  select(id);
  void info.show(id);
});

new SearchBox(
  document.getElementById('search') as HTMLFormElement,
  document.getElementById('search-results') as HTMLElement,
  app,
  (hit) => {
    map.fitBounds(hit.bbox, { padding: 80, maxZoom: 19, duration: 0 });
    map.once('idle', () => select(hit.parcelId));
    void info.show(hit.parcelId);
  },
);

// The imports page link, for the roles that may import (surveyors and admins).
const showImportsLink = () => {
  const role = app.session?.user.role;
  (document.getElementById('imports-link') as HTMLElement).hidden =
    role !== 'surveyor' && role !== 'admin';
};
page.start({
  onSession: () => {
    map.setStyle(styleUrlFor(app.session !== undefined));
    showImportsLink();
  },
});
showImportsLink();

// Exposed for operators' debugging and for the browser tests.
Object.assign(window, { diagisMap: map });
