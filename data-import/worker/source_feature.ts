import type { PolygonRings } from '../../core/geo/ewkb';

/** A problem found while reading a feature; errors keep it out of the parcels. */
export interface FeatureProblem {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
}

/** A feature as a reader hands it over: mapped attribute values and geometry. */
export interface SourceFeature {
  values: Partial<
    Record<
      'commune' | 'sheet' | 'parcel' | 'area' | 'landUse' | 'holder' | 'address',
      string | number | null
    >
  >;
  /** Every attribute, decoded, for the quarantine. */
  attributes: Record<string, string | number | null>;
  geometry: PolygonRings[] | null | { unsupported: string };
  problems: FeatureProblem[];
}
