import type pg from 'pg';
import type { ObservationSeries } from '../../core/api/monitoring';
import { DiagisError } from '../../core/errors/diagis_error';

/** No such public station, or no such parameter (`not_found`). */
export class UnknownSeriesError extends DiagisError {
  override name = 'UnknownSeriesError';
  constructor(message: string) {
    super('not_found', message);
  }
}

// The station's standard and target class decide which limits apply; water classes are
// matched on the target class, air limits on the averaging period of the observations.
const contextSql = `
  SELECT s.id, s.standard_code, s.target_class, p.code, p.name_vi, p.unit
  FROM monitoring.public_station s, monitoring.parameter p
  WHERE s.id = $1 AND p.code = $2`;

const limitsSql = `
  SELECT standard_code AS standard, class, averaging, lower_bound::float8 AS lower, upper_bound::float8 AS upper
  FROM monitoring.standard_limit
  WHERE standard_code = $1 AND parameter_code = $2 AND (class = '' OR class = $3 OR class = 'health')
  ORDER BY class, averaging`;

// Equal time buckets between from and to (date_bin), averaged; raw points when few.
const seriesSql = `
  SELECT CASE WHEN $5::interval IS NULL THEN o.observed_at
              ELSE date_bin($5::interval, o.observed_at, $3) END AS at,
         avg(o.value) AS value, min(o.value) AS min, max(o.value) AS max, count(*)::int AS count
  FROM monitoring.observation o
  WHERE o.station_id = $1 AND o.parameter_code = $2 AND o.observed_at >= $3 AND o.observed_at < $4
  GROUP BY 1 ORDER BY 1`;

const countSql = `
  SELECT count(*)::int AS n,
         count(*) FILTER (WHERE ($5::float8 IS NOT NULL AND value < $5) OR ($6::float8 IS NOT NULL AND value > $6))::int AS exceeding
  FROM monitoring.observation
  WHERE station_id = $1 AND parameter_code = $2 AND observed_at >= $3 AND observed_at < $4`;

/**
 * The series of `parameter` at `stationId` in [from, to): raw observations when there are
 * at most `maxPoints`, otherwise averages over equal buckets, with the applicable limits
 * and the count of raw observations outside them. Public data.
 */
export async function observationSeries(
  db: pg.ClientBase,
  query: { stationId: number; parameter: string; from: Date; to: Date; maxPoints: number },
): Promise<ObservationSeries> {
  const { rows: context } = await db.query(contextSql, [query.stationId, query.parameter]);
  const station = context[0];
  if (!station)
    throw new UnknownSeriesError(`no station ${query.stationId} or parameter ${query.parameter}`);
  const { rows: limits } = await db.query(limitsSql, [
    station.standard_code,
    query.parameter,
    station.target_class ?? '',
  ]);
  const { rows: sampled } = await db.query(
    'SELECT averaging FROM monitoring.observation WHERE station_id = $1 AND parameter_code = $2 LIMIT 1',
    [query.stationId, query.parameter],
  );
  // Water: the class the water body must meet; air: the bound for the observations' averaging period.
  const applicable = limits.find((limit) =>
    station.target_class
      ? limit.class === station.target_class
      : limit.averaging === sampled[0]?.averaging,
  );
  const range = [query.stationId, query.parameter, query.from, query.to];
  const { rows: counted } = await db.query(countSql, [
    ...range,
    applicable?.lower ?? null,
    applicable?.upper ?? null,
  ]);
  const total = counted[0].n as number;
  const downsampled = total > query.maxPoints;
  const bucketSeconds = Math.ceil(
    (query.to.getTime() - query.from.getTime()) / 1000 / query.maxPoints,
  );
  const { rows } = await db.query(seriesSql, [
    ...range,
    downsampled ? `${bucketSeconds} seconds` : null,
  ]);
  return {
    stationId: query.stationId,
    parameter: { code: station.code, name: station.name_vi, unit: station.unit },
    points: rows.map((row) => ({
      at: row.at,
      value: row.value,
      min: row.min,
      max: row.max,
      count: row.count,
    })),
    downsampled,
    limits,
    exceedances: counted[0].exceeding,
  };
}
