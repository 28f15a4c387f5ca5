import { area, length, lineString, polygon } from '@turf/turf';
import type * as maplibregl from 'maplibre-gl';
import type { AppContext } from '../app_context';
import { formatNumber } from '../i18n';

type Mode = 'distance' | 'area';
const sourceId = 'diagis-measure';

/** Measures a distance (polyline) or an area (polygon) by clicking on the map. */
export class MeasureControl implements maplibregl.IControl {
  private container = document.createElement('div');
  private result = document.createElement('div');
  private map: maplibregl.Map | undefined;
  private points: [number, number][] = [];
  private kind: Mode = 'distance';
  /** True while clicks add measuring points (the map's parcel click is ignored then). */
  active = false;

  constructor(private readonly app: AppContext) {
    app.onChange(() => this.renderButtons());
  }

  onAdd(map: maplibregl.Map): HTMLElement {
    this.map = map;
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group measure';
    this.renderButtons();
    map.on('click', (event) => {
      if (!this.active) return;
      this.points.push([event.lngLat.lng, event.lngLat.lat]);
      this.draw();
    });
    map.on('dblclick', (event) => {
      if (!this.active) return;
      event.preventDefault();
      this.active = false;
      map.getCanvas().style.cursor = '';
    });
    map.on('styledata', () => this.ensureLayers());
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  private renderButtons(): void {
    const button = (label: string, action: () => void) => {
      const element = document.createElement('button');
      element.type = 'button';
      element.className = 'measure-button';
      element.textContent = label;
      element.addEventListener('click', action);
      return element;
    };
    this.container.replaceChildren(
      button(this.app.t('measureDistance'), () => this.start('distance')),
      button(this.app.t('measureArea'), () => this.start('area')),
      button(this.app.t('measureClear'), () => this.clear()),
      this.result,
    );
  }

  private start(mode: Mode): void {
    this.clear();
    this.kind = mode;
    this.active = true;
    this.result.textContent = this.app.t('measureHint');
    if (this.map) this.map.getCanvas().style.cursor = 'crosshair';
  }

  private clear(): void {
    this.active = false;
    this.points = [];
    this.result.textContent = '';
    this.draw();
  }

  private ensureLayers(): void {
    const map = this.map;
    if (!map || map.getSource(sourceId)) return;
    map.addSource(sourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'measure-fill',
      type: 'fill',
      source: sourceId,
      filter: ['==', '$type', 'Polygon'],
      paint: { 'fill-color': '#d9480f', 'fill-opacity': 0.15 },
    });
    map.addLayer({
      id: 'measure-line',
      type: 'line',
      source: sourceId,
      paint: { 'line-color': '#d9480f', 'line-width': 2, 'line-dasharray': [2, 1] },
    });
  }

  private draw(): void {
    const map = this.map;
    if (!map) return;
    this.ensureLayers();
    const features: GeoJSON.Feature[] = [];
    const language = this.app.language;
    if (this.points.length >= 2) {
      const line = lineString(this.points);
      features.push(line);
      if (this.kind === 'distance') {
        this.result.textContent = `${formatNumber(language, length(line, { units: 'kilometers' }) * 1000, 1)} m`;
      }
    }
    if (this.kind === 'area' && this.points.length >= 3) {
      const ring = polygon([[...this.points, this.points[0] as [number, number]]]);
      features.push(ring);
      this.result.textContent = `${formatNumber(language, area(ring), 1)} m²`;
    }
    (map.getSource(sourceId) as maplibregl.GeoJSONSource | undefined)?.setData({
      type: 'FeatureCollection',
      features,
    });
  }
}
