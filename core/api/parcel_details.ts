/** The parcel details JSON the API answers and the web client reads. */
/** What the map's info panel shows about a parcel. */
export interface ParcelDetails {
  parcelId: number;
  commune: { id: number; code: string; name: string };
  sheetNo: number;
  parcelNo: number;
  computedArea: number;
  legalArea: number | null;
  landUses: { code: string; name: string; area: number }[];
  planZones: {
    planName: string;
    decisionNo: string | null;
    plannedUse: string;
    plannedUseName: string;
    area: number;
  }[];
  /** [west, south, east, north] in WGS84. */
  bbox: [number, number, number, number];
  /** Staff only: the version number (for If-Match), certificate numbers and land address. */
  versionNo?: number;
  certificateNumbers?: { sheetNo: number | null; parcelNo: number | null };
  landAddress?: string | null;
  /** Only for users allowed to read holders in the parcel's commune. */
  holders?: {
    name: string;
    kind: string;
    rightKind: string;
    share: number;
    certificateSerial: string | null;
  }[];
}
