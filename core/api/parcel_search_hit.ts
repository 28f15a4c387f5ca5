/** A parcel found by number or by holder, with enough to fly the map to it. */
export interface ParcelSearchHit {
  parcelId: number;
  commune: { code: string; name: string };
  sheetNo: number;
  parcelNo: number;
  /** [west, south, east, north] in WGS84. */
  bbox: [number, number, number, number];
  holderNames?: string[];
}
