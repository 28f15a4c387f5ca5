import type * as maplibregl from 'maplibre-gl';
import type { AppContext } from '../app_context';
import type { MessageKey } from '../i18n';

/** Layer groups in the order the switcher lists them; a style layer joins a group by its source layer. */
const groups = [
  'parcels',
  'landuse',
  'map_sheets',
  'plan_zones',
  'stations',
  'env_records',
  'admin_units',
  'basemap',
] as const;
type Group = (typeof groups)[number];

const groupOf = (layer: maplibregl.LayerSpecification): Group | undefined => {
  const key =
    'source-layer' in layer && layer['source-layer']
      ? layer['source-layer']
      : 'source' in layer
        ? layer.source
        : undefined;
  if (key === 'parcel_labels' || key === 'parcels') return 'parcels';
  return groups.find((group) => group === key);
};

/** A control with one checkbox per layer group present in the style; hidden groups survive style reloads. */
export class LayerSwitcher implements maplibregl.IControl {
  private container = document.createElement('details');
  private hidden = new Set<Group>();
  private map: maplibregl.Map | undefined;

  constructor(private readonly app: AppContext) {
    app.onChange(() => this.render());
  }

  onAdd(map: maplibregl.Map): HTMLElement {
    this.map = map;
    this.container.className = 'maplibregl-ctrl maplibregl-ctrl-group layer-switcher';
    // Open on desks, folded on phones where it would cover the map.
    this.container.open = window.matchMedia('(min-width: 700px)').matches;
    map.on('styledata', () => {
      this.applyVisibility();
      this.render();
    });
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  private present(): Group[] {
    const layers = this.map?.getStyle()?.layers ?? [];
    return groups.filter((group) => layers.some((layer) => groupOf(layer) === group));
  }

  private applyVisibility(): void {
    const map = this.map;
    if (!map) return;
    for (const layer of map.getStyle().layers) {
      const group = groupOf(layer);
      if (!group) continue;
      const wanted = this.hidden.has(group) ? 'none' : 'visible';
      if (map.getLayoutProperty(layer.id, 'visibility') !== wanted)
        map.setLayoutProperty(layer.id, 'visibility', wanted);
    }
  }

  private render(): void {
    this.container.replaceChildren();
    const summary = document.createElement('summary');
    summary.textContent = this.app.t('layers');
    this.container.append(summary);
    for (const group of this.present()) {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !this.hidden.has(group);
      box.dataset.group = group;
      box.addEventListener('change', () => {
        if (box.checked) this.hidden.delete(group);
        else this.hidden.add(group);
        this.applyVisibility();
      });
      label.append(box, ` ${this.app.t(`layer_${group}` as MessageKey)}`);
      this.container.append(label);
    }
  }
}
