import type * as maplibregl from 'maplibre-gl';
import type { EditorApi } from './editor_api';

/**
 * The current parcels in view (GET /api/parcels/features?bbox=), kept for snapping. A
 * refetch replaces the set; a failed one leaves an empty set (no snapping, no error).
 */
export class NeighbourSet {
  private features: GeoJSON.Feature[] = [];

  constructor(
    private readonly map: maplibregl.Map,
    private readonly api: EditorApi,
  ) {}

  async reload(): Promise<void> {
    const bounds = this.map.getBounds();
    const box: [number, number, number, number] = [
      bounds.getWest(),
      bounds.getSouth(),
      bounds.getEast(),
      bounds.getNorth(),
    ];
    this.features = await this.api.features(box).then(
      (collection) => collection.features,
      () => [],
    );
  }

  /** Every parcel in the set except `parcelId` (the one being edited snaps to the others). */
  except(parcelId: number | undefined): GeoJSON.Feature[] {
    return this.features.filter((feature) => feature.properties?.parcelId !== parcelId);
  }

  /** Id of the first parcel in the set, for a fallback commune of a new parcel. */
  first(): number | undefined {
    const id = this.features[0]?.properties?.parcelId;
    return typeof id === 'number' ? id : undefined;
  }
}
