import type * as maplibregl from 'maplibre-gl';
import proj4 from 'proj4';
import { getJson } from '../api';

interface CrsEntry {
  srid: number;
  name: string;
  proj4: string;
}

/**
 * Shows the cursor position in WGS84 and in a VN-2000 zone the user picks (105-30 by
 * default), using the same proj4 definitions as the database (official datum parameters).
 */
export class CoordinatesControl implements maplibregl.IControl {
  private container = document.createElement('div');
  private readout = document.createElement('span');
  private zone = document.createElement('select');
  private zones: CrsEntry[] = [];

  onAdd(map: maplibregl.Map): HTMLElement {
    this.container.className = 'maplibregl-ctrl coordinates';
    this.zone.setAttribute('aria-label', 'VN-2000');
    this.container.append(this.readout, this.zone);
    getJson<{ crs: CrsEntry[] }>('/api/crs').then(
      ({ crs }) => {
        this.zones = crs;
        for (const entry of crs) {
          const option = document.createElement('option');
          option.value = String(entry.srid);
          option.textContent = entry.name;
          option.selected = entry.srid === 9209;
          this.zone.append(option);
        }
      },
      () => {},
    );
    map.on('mousemove', (event) => this.show(event.lngLat));
    return this.container;
  }

  onRemove(): void {
    this.container.remove();
  }

  private show(position: maplibregl.LngLat): void {
    const wgs84 = `${position.lat.toFixed(6)}°N ${position.lng.toFixed(6)}°E`;
    const zone = this.zones.find((entry) => String(entry.srid) === this.zone.value);
    if (!zone) {
      this.readout.textContent = wgs84;
      return;
    }
    const [x, y] = proj4('EPSG:4326', zone.proj4, [position.lng, position.lat]) as [number, number];
    this.readout.textContent = `${wgs84} | X ${y.toFixed(2)} Y ${x.toFixed(2)}`;
  }
}
