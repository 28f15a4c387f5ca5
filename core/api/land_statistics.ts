/** The shapes of the land statistics API (/api/statistics/land-use, /api/public/communes), built by the server, read by the portal. */

/** Area by land-use code for a commune (with the legacy communes it was formed from) or the province. */
export interface LandStatistics {
  commune: { code: string; name: string } | null;
  /** The instant the statistics describe (the end of the requested day in Vietnam). */
  at: Date;
  rows: {
    code: string;
    name: string;
    nameEn: string;
    category: string;
    parcels: number;
    areaHa: number;
  }[];
  totalHa: number;
}

/** A current commune as the portal's statistics picker lists it (GET /api/public/communes). */
export interface PublicCommune {
  /** The admin unit id (the `communeId` of a dossier received for it). */
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}
