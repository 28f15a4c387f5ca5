import { ApiError } from '../api';

/** One broken rule as the editing API reports it. */
export interface Violation {
  rule: string | undefined;
  parcelId: number | undefined;
  message: string;
  location?: { lon: number; lat: number };
  geometry?: GeoJSON.Geometry;
}

const asViolation = (raw: Record<string, unknown>, fallback: string): Violation => {
  const location = raw.location as Violation['location'] | undefined;
  const geometry = raw.geometry as GeoJSON.Geometry | undefined;
  return {
    rule: typeof raw.rule === 'string' ? raw.rule : undefined,
    parcelId: typeof raw.parcelId === 'number' ? raw.parcelId : undefined,
    message: typeof raw.message === 'string' ? raw.message : fallback,
    ...(location && Number.isFinite(location.lon) ? { location } : {}),
    ...(geometry?.type ? { geometry } : {}),
  };
};

/**
 * The violations in a failed write (422/409/400/412): the `violations` list when the API
 * gave one, else the error itself as a single violation; any other failure becomes one
 * violation with its message and no place.
 */
export function violationsOf(failure: unknown): Violation[] {
  if (!(failure instanceof ApiError)) {
    return [{ rule: undefined, parcelId: undefined, message: String(failure) }];
  }
  const detail = failure.detail ?? {};
  const listed = Array.isArray(detail.violations) ? detail.violations : [];
  if (listed.length > 0) {
    return listed.map((raw) => asViolation(raw as Record<string, unknown>, failure.message));
  }
  return [asViolation({ ...detail, message: failure.message }, failure.message)];
}

/** The places of violations as map features (a point for a location, the geometry when given). */
export function violationFeatures(violations: Violation[]): GeoJSON.Feature[] {
  return violations.flatMap((violation) => {
    const properties = { rule: violation.rule ?? '', message: violation.message };
    const features: GeoJSON.Feature[] = [];
    if (violation.geometry)
      features.push({ type: 'Feature', properties, geometry: violation.geometry });
    if (violation.location) {
      features.push({
        type: 'Feature',
        properties,
        geometry: { type: 'Point', coordinates: [violation.location.lon, violation.location.lat] },
      });
    }
    return features;
  });
}
