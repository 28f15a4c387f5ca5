/** The shapes of the public monitoring API (/api/stations), built by the server, read by the portal. */

/** A monitoring station with the latest value of each parameter it measures. */
export interface StationSummary {
  id: number;
  code: string;
  name: string;
  medium: 'water' | 'air';
  waterBody: string | null;
  standard: string | null;
  targetClass: string | null;
  /** [longitude, latitude] in WGS84. */
  position: [number, number];
  latest: { parameter: string; observedAt: Date; value: number; averaging: string }[];
}

/** One point of a series; min and max differ from value when several observations were averaged. */
export interface SeriesPoint {
  at: Date;
  value: number;
  min: number;
  max: number;
  count: number;
}

/** A parameter's series at a station with the limits that apply to it and its exceedances. */
export interface ObservationSeries {
  stationId: number;
  parameter: { code: string; name: string; unit: string };
  points: SeriesPoint[];
  /** True when points are averages over equal time buckets (long ranges). */
  downsampled: boolean;
  limits: {
    standard: string;
    class: string;
    averaging: string;
    lower: number | null;
    upper: number | null;
  }[];
  /** Raw observations outside the station's applicable limit in the range. */
  exceedances: number;
}
