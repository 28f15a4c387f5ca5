import type { Map as MapLibreMap } from 'maplibre-gl';
import type { ParcelSearchHit } from '../../../core/api/parcel_search_hit';
import { getJson } from '../api';
import type { AppContext } from '../app_context';
import { element } from '../dom';
import { createMap, parcelSourceId, styleUrlFor } from '../map/create_map';
import { failureText } from './field_paths';

/** A parcel chosen for the dossier, with the numbers the list shows. */
export interface PickedParcel {
  id: number;
  communeCode: string;
  sheetNo: number;
  parcelNo: number;
}

const input = (name: string, label: string, type = 'text'): HTMLInputElement => {
  const control = element('input') as HTMLInputElement;
  control.name = name;
  control.type = type;
  control.setAttribute('aria-label', label);
  control.placeholder = label;
  return control;
};

/**
 * The parcels of a dossier being received: picked on a small map (a click on a parcel of
 * the parcels layer adds it, a second click removes it) or found by commune, sheet and
 * parcel number (GET /api/parcels/search). The map is made when first shown.
 */
export class ParcelPicker {
  readonly root = element('fieldset', undefined, 'parcel-picker');
  private readonly picked = new Map<number, PickedParcel>();
  private readonly list = element('ul', undefined, 'picked-parcels');
  private readonly results = element('div', undefined, 'parcel-hits');
  private readonly mapBox = element('div', undefined, 'picker-map');
  private readonly commune: HTMLInputElement;
  private map: MapLibreMap | undefined;

  constructor(private readonly app: AppContext) {
    const { t } = app;
    this.root.dataset.fieldGroup = 'parcelIds';
    this.commune = input('parcelCommune', t('commune'));
    const sheet = input('parcelSheet', t('sheet'), 'number');
    const parcel = input('parcelNo', t('parcel'), 'number');
    sheet.className = 'numbers';
    parcel.className = 'numbers';
    const find = element('button', t('receptionFindParcel')) as HTMLButtonElement;
    find.type = 'button';
    find.addEventListener('click', () => void this.search(sheet.value, parcel.value));
    for (const field of [sheet, parcel]) {
      field.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        void this.search(sheet.value, parcel.value);
      });
    }
    this.root.append(
      element('legend', t('linkedParcels')),
      element('p', t('receptionParcelHint'), 'hint'),
      element('div', undefined, 'parcel-search', this.commune, sheet, parcel, find),
      this.results,
      this.mapBox,
      this.list,
    );
    this.renderList();
  }

  /** The commune searched by default: the code of the dossier's commune. */
  setCommune(code: string): void {
    this.commune.value = code;
  }

  ids(): number[] {
    return [...this.picked.keys()];
  }

  /** Makes the map once the picker is on screen (MapLibre needs the container's size). */
  show(): void {
    if (this.map) return;
    const map = createMap(this.mapBox, styleUrlFor(true), { hash: false });
    map.setZoom(15);
    map.on('click', (event) => {
      const hit = map
        .queryRenderedFeatures(event.point)
        .find((feature) => feature.sourceLayer === 'parcels');
      const id = Number(hit?.id);
      if (!hit || !Number.isFinite(id)) return;
      const properties = hit.properties as Record<string, unknown>;
      this.toggle({
        id,
        communeCode: String(properties.commune_code),
        sheetNo: Number(properties.sheet_no),
        parcelNo: Number(properties.parcel_no),
      });
    });
    map.on('load', () => this.highlight());
    this.map = map;
    Object.assign(window, { diagisPickerMap: map });
  }

  private async search(sheet: string, parcel: string): Promise<void> {
    const query = new URLSearchParams({ commune: this.commune.value.trim(), limit: '10' });
    if (sheet) query.set('sheet', sheet);
    if (parcel) query.set('parcel', parcel);
    this.results.replaceChildren();
    try {
      const { hits } = await getJson<{ hits: ParcelSearchHit[] }>(`/api/parcels/search?${query}`);
      if (hits.length === 0) this.results.textContent = this.app.t('noResults');
      for (const hit of hits) {
        const button = element(
          'button',
          `${hit.commune.name}: ${this.app.t('sheet')} ${hit.sheetNo}, ${this.app.t('parcel')} ${hit.parcelNo}`,
        ) as HTMLButtonElement;
        button.type = 'button';
        button.dataset.parcelId = String(hit.parcelId);
        button.addEventListener('click', () => {
          this.results.replaceChildren();
          this.add({
            id: hit.parcelId,
            communeCode: hit.commune.code,
            sheetNo: hit.sheetNo,
            parcelNo: hit.parcelNo,
          });
          this.map?.fitBounds(hit.bbox, { padding: 40, maxZoom: 18, duration: 0 });
        });
        this.results.append(button);
      }
    } catch (failure) {
      this.results.textContent = failureText(failure);
    }
  }

  private add(parcel: PickedParcel): void {
    this.picked.set(parcel.id, parcel);
    this.renderList();
  }

  private toggle(parcel: PickedParcel): void {
    if (this.picked.has(parcel.id)) this.picked.delete(parcel.id);
    else this.picked.set(parcel.id, parcel);
    this.renderList();
  }

  private renderList(): void {
    this.list.replaceChildren();
    if (this.picked.size === 0) this.list.append(element('li', '—'));
    for (const parcel of this.picked.values()) {
      const remove = element('button', '×') as HTMLButtonElement;
      remove.type = 'button';
      remove.setAttribute('aria-label', this.app.t('remove'));
      remove.addEventListener('click', () => this.toggle(parcel));
      const item = element(
        'li',
        `${parcel.communeCode} · ${this.app.t('sheet')} ${parcel.sheetNo} · ${this.app.t('parcel')} ${parcel.parcelNo} `,
        undefined,
        remove,
      );
      item.dataset.parcelId = String(parcel.id);
      this.list.append(item);
    }
    this.highlight();
  }

  private highlight(): void {
    const map = this.map;
    const source = map?.isStyleLoaded() ? parcelSourceId(map) : undefined;
    if (!map || !source) return;
    map.removeFeatureState({ source, sourceLayer: 'parcels' });
    for (const id of this.picked.keys()) {
      map.setFeatureState({ source, sourceLayer: 'parcels', id }, { selected: true });
    }
  }
}
