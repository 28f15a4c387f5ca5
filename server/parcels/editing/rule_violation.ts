import { DiagisError } from '../../../core/errors/diagis_error';

/** The rules an edit can break; each message and API error names one of these. */
export type EditRule =
  | 'geometry.valid'
  | 'geometry.min_points'
  | 'geometry.sliver'
  | 'geometry.too_complex'
  | 'topology.overlap'
  | 'split.coverage'
  | 'split.line'
  | 'merge.adjacent'
  | 'merge.same_commune'
  | 'attributes.land_use_code'
  | 'attributes.unique_number'
  | 'pending.conflict';

/** Where a rule broke: WGS84 for the map, and the parcel's own VN-2000 plane for surveyors. */
export interface ViolationLocation {
  lon: number;
  lat: number;
  x?: number;
  y?: number;
  srid?: number;
}

export interface Violation {
  rule: EditRule;
  /** The parcel the rule is about (the edited one, or the neighbour it collides with). */
  parcelId: number | null;
  message: string;
  location?: ViolationLocation;
  /** The offending piece (an overlap, a gap) as GeoJSON in WGS84, when there is one. */
  geometry?: object;
  /** The request field at fault, when the rule is about one (`geometry.too_complex`). */
  field?: string;
}

/** Rules about the content sent are 422; collisions with other parcels or numbers are 409. */
const conflictRules: readonly EditRule[] = [
  'topology.overlap',
  'attributes.unique_number',
  'pending.conflict',
];

const where = (location: ViolationLocation | undefined): string =>
  location
    ? ` at ${location.lon.toFixed(7)}, ${location.lat.toFixed(7)}` +
      (location.x !== undefined && location.y !== undefined
        ? ` (VN-2000 ${location.x.toFixed(3)}, ${location.y.toFixed(3)})`
        : '')
    : '';

/**
 * One or more broken editing rules: a `conflict` or `unprocessable` DiagisError whose message
 * names the parcel, the rule and the place, and whose details give the first violation's
 * rule and place, then every violation found.
 */
export class RuleViolationError extends DiagisError {
  override name = 'RuleViolationError';
  constructor(readonly violations: readonly Violation[]) {
    const first = violations[0];
    if (!first) throw new Error('a rule violation needs at least one violation');
    const conflict = violations.some((v) => conflictRules.includes(v.rule));
    super(
      conflict ? 'conflict' : 'unprocessable',
      `${first.rule}: ${first.message}${where(first.location)}`,
      {
        field: first.field,
        details: {
          rule: first.rule,
          parcelId: first.parcelId,
          ...(first.location ? { location: first.location } : {}),
          violations,
        },
      },
    );
  }
}

/** Throws when `violations` is not empty. */
export function assertNoViolations(violations: readonly Violation[]): void {
  if (violations.length > 0) throw new RuleViolationError(violations);
}
