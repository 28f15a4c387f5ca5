import '../style.css';
import * as maplibregl from 'maplibre-gl';
import { getJson } from '../api';
import { byId, element } from '../dom';
import { formatNumber } from '../i18n';
import { createMap, styleUrlFor } from '../map/create_map';
import { InfoPanel } from '../map/info_panel';
import { LayerSwitcher } from '../map/layer_switcher';
import { SearchBox } from '../map/search_box';
import { openPage } from '../page_setup';
import { EnvRecords } from './env_records';
import { LandStatistics } from './land_statistics';
import { PlanLegend } from './plan_legend';
import { StationChart } from './station_chart';
import './portal.css';

interface Procedure {
  nameVi: string;
  nameEn: string;
  limitWorkingDays: number;
  legalBasis: string;
}

// The portal is for the public: no session, public style and public endpoints only.
const page = await openPage('public');
const { app } = page;

const map = createMap(byId('map'), styleUrlFor(false));
map.addControl(new LayerSwitcher(app), 'top-right');
const info = new InfoPanel(byId('info'), app);
map.on('click', (event) => {
  const features = map.queryRenderedFeatures(event.point);
  const station = features.find((feature) => feature.sourceLayer === 'stations');
  if (station) {
    showStationPopup(Number(station.id ?? station.properties?.id), event.lngLat);
    return;
  }
  const hit = features.find((feature) => feature.sourceLayer === 'parcels');
  const id = hit ? Number(hit.id ?? hit.properties?.parcel_id) : Number.NaN;
  if (!Number.isNaN(id)) void info.show(id);
});
new SearchBox(byId('search'), byId('search-results'), app, (hit) => {
  map.fitBounds(hit.bbox, { padding: 60, maxZoom: 19, duration: 0 });
  void info.show(hit.parcelId);
});

const stations = new StationChart(
  byId('station-select'),
  byId('parameter-select'),
  byId('station-chart'),
  byId('station-summary'),
  app,
  byId<HTMLAnchorElement>('station-csv'),
);
/** A station's latest values in a popup on the map; its chart below switches to it. */
function showStationPopup(id: number, at: maplibregl.LngLatLike): void {
  const station = stations.select(id);
  if (!station) return;
  const body = element('div', undefined, 'station-popup', element('strong', station.name));
  const list = element('ul');
  for (const latest of station.latest) {
    list.append(
      element(
        'li',
        `${latest.parameter}: ${formatNumber(app.language, latest.value, 2)} (${latest.observedAt.slice(0, 10)})`,
      ),
    );
  }
  body.append(list);
  new maplibregl.Popup().setLngLat(at).setDOMContent(body).addTo(map);
  body.dataset.stationId = String(id);
}

const plans = new PlanLegend(byId('plan-legend'), app);
const statistics = new LandStatistics(
  byId('statistics-chart'),
  byId('statistics-table'),
  byId('statistics-commune'),
  byId('statistics-csv'),
  app,
);
const environment = new EnvRecords(byId('environment-table'), app);

async function showProcedures(): Promise<void> {
  const { procedures } = await getJson<{ procedures: Procedure[] }>('/api/procedures');
  const header = element(
    'tr',
    undefined,
    undefined,
    element('th', app.t('procedure')),
    element('th', app.t('limitDays')),
  );
  const rows = procedures.map((procedure) =>
    element(
      'tr',
      undefined,
      undefined,
      element('td', app.language === 'vi' ? procedure.nameVi : procedure.nameEn),
      element('td', String(procedure.limitWorkingDays)),
    ),
  );
  byId('procedure-table').replaceChildren(header, ...rows);
}

page.start({
  onLanguage: () => {
    void showProcedures();
    plans.render();
    statistics.render();
    environment.render();
    document.body.dataset.language = app.language;
  },
});
void stations.load();
void plans.load();
void statistics.load();
void environment.load();
Object.assign(window, { diagisMap: map });
