import { getJson, type Session, sendJson } from '../api';

export type ParcelGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon;

export interface ParcelSource {
  kind: string;
  ref: string | null;
  dossierId: number | null;
}

export interface Author {
  id: number;
  name: string;
}

export interface Lineage {
  parents: { parcelId: number; kind: string }[];
  children: { parcelId: number; kind: string }[];
}

export interface LandUseInput {
  code: string;
  area: number;
}

/** A parcel as GET /api/parcels/{id} answers it (the editing API's body). */
export interface EditableParcel {
  parcelId: number;
  versionNo: number;
  commune: { id: number; code: string; name: string };
  sheetNo: number;
  parcelNo: number;
  computedArea: number;
  legalArea: number | null;
  landAddress?: string | null;
  landUses: { code: string; name?: string; area: number }[];
  bbox: [number, number, number, number];
  geometry: ParcelGeometry;
  validFrom?: string;
  validTo?: string | null;
  source?: ParcelSource;
  reason?: string | null;
  author?: Author | null;
  lineage?: Lineage;
}

export interface ParcelVersion {
  versionNo: number;
  validFrom: string | null;
  validTo: string | null;
  source: ParcelSource;
  reason: string | null;
  author: Author | null;
  sheetNo: number;
  parcelNo: number;
  computedArea: number;
  legalArea: number | null;
  landUses: LandUseInput[];
  geometry: ParcelGeometry;
}

export interface ParcelHistory {
  parcelId: number;
  versions: ParcelVersion[];
  lineage: Lineage;
}

/** What a dry run answers when the edit would pass. */
export interface DryRun {
  ok: boolean;
  violations: unknown[];
  preview?: {
    geometry?: ParcelGeometry;
    computedArea?: number;
    /** parcelNo: the number a new parcel of a split or merge would get. */
    parts?: { geometry: ParcelGeometry; computedArea: number; parcelNo?: number }[];
  };
}

/** Attribute changes of an edit; the reason is required by the API for every write. */
export interface EditAttributes {
  sheetNo?: number;
  parcelNo?: number;
  legalArea?: number;
  landAddress?: string | null;
  landUses?: LandUseInput[];
  reason: string;
  snap?: boolean;
  dossierId?: number;
}

export interface SplitResult {
  parent: { parcelId: number; retiredVersionNo: number };
  children: EditableParcel[];
}

export interface MergeResult {
  parents: { parcelId: number; retiredVersionNo: number }[];
  merged: EditableParcel;
}

const ifMatch = (versionNo: number) => ({ 'If-Match': `"v${versionNo}"` });
const dry = (dryRun: boolean) => (dryRun ? '?dryRun=true' : '');

/** The parcel editing API of issue 5, bound to the session's CSRF token. */
export class EditorApi {
  constructor(private readonly session: () => Session | undefined) {}

  private get csrf() {
    return this.session()?.csrfToken;
  }

  parcel = (id: number) => getJson<EditableParcel>(`/api/parcels/${id}`);

  history = (id: number) => getJson<ParcelHistory>(`/api/parcels/${id}/history`);

  /** Current parcels intersecting a WGS84 box, for snapping and picking. */
  features = (bbox: [number, number, number, number]) =>
    getJson<GeoJSON.FeatureCollection>(
      `/api/parcels/features?bbox=${bbox.map((value) => value.toFixed(7)).join(',')}`,
    );

  pendingParcels = (dossierId: number) =>
    getJson<GeoJSON.FeatureCollection>(`/api/dossiers/${dossierId}/pending-parcels`);

  patch = <T = EditableParcel | DryRun>(
    parcel: { parcelId: number; versionNo: number },
    body: EditAttributes & { geometry?: ParcelGeometry },
    dryRun: boolean,
  ) =>
    sendJson<T>(
      'PATCH',
      `/api/parcels/${parcel.parcelId}${dry(dryRun)}`,
      body,
      this.csrf,
      ifMatch(parcel.versionNo),
    );

  create = <T = EditableParcel | DryRun>(
    body: EditAttributes & {
      communeId: number;
      sheetNo: number;
      parcelNo: number;
      geometry: ParcelGeometry;
      landUses: LandUseInput[];
    },
    dryRun: boolean,
  ) => sendJson<T>('POST', `/api/parcels${dry(dryRun)}`, body, this.csrf);

  split = <T = SplitResult | DryRun>(
    parcel: { parcelId: number; versionNo: number },
    body: {
      line: GeoJSON.LineString;
      reason: string;
      /** The numbers of the parts, in the order of the dry run's parts. */
      children?: { parcelNo: number }[];
      dossierId?: number;
    },
    dryRun: boolean,
  ) =>
    sendJson<T>(
      'POST',
      `/api/parcels/${parcel.parcelId}/split${dry(dryRun)}`,
      body,
      this.csrf,
      ifMatch(parcel.versionNo),
    );

  merge = <T = MergeResult | DryRun>(
    body: {
      parcels: { parcelId: number; versionNo: number }[];
      reason: string;
      landUses?: { code: string; area: number }[];
      dossierId?: number;
    },
    dryRun: boolean,
  ) => sendJson<T>('POST', `/api/parcels/merge${dry(dryRun)}`, body, this.csrf);

  undo = (parcel: { parcelId: number; versionNo: number }) =>
    sendJson<EditableParcel>(
      'POST',
      `/api/parcels/${parcel.parcelId}/undo`,
      {},
      this.csrf,
      ifMatch(parcel.versionNo),
    );
}
