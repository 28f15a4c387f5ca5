import type pg from 'pg';
import { type ObservationBatch, observationProblem } from '../../core/monitoring/observation_rules';
import { HttpError, invalidField } from '../http/http_error';

const insertSql = `
  INSERT INTO monitoring.observation (station_id, parameter_code, observed_at, averaging, value, qualifier, source)
  SELECT $1, o.parameter, o.at, o.averaging, o.value, o.qualifier, 'api'
  FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::float8[], $6::text[])
       AS o(parameter, at, averaging, value, qualifier)`;

// Rows of the batch already stored (the primary key), to name the first one.
const existingSql = `
  SELECT o.ord::int AS ord
  FROM unnest($2::text[], $3::timestamptz[], $4::text[]) WITH ORDINALITY AS o(parameter, at, averaging, ord)
  JOIN monitoring.observation s
    ON s.station_id = $1 AND s.parameter_code = o.parameter AND s.observed_at = o.at AND s.averaging = o.averaging
  ORDER BY o.ord LIMIT 1`;

/**
 * Checks every row of `batch` against the station and the parameter catalogue, then stores
 * all of them or none (the caller's transaction). A bad row is a 400 (409 when already
 * stored) naming `observations.N.field` and the rule. Returns the number stored.
 */
export async function storeObservations(
  db: pg.ClientBase,
  station: { id: number; medium: 'water' | 'air' },
  batch: ObservationBatch,
  now: Date,
): Promise<number> {
  const { rows: parameters } = await db.query<{ code: string; medium: string }>(
    'SELECT code, medium FROM monitoring.parameter',
  );
  const mediumOf = new Map(parameters.map((p) => [p.code, p.medium]));
  const seen = new Map<string, number>();
  const times: Date[] = [];
  batch.observations.forEach((row, index) => {
    const at = (field: string) => `observations.${index}.${field}`;
    const observedAt = new Date(row.observedAt);
    const problem = observationProblem(
      { ...row, observedAt, observedAtText: row.observedAt },
      station,
      mediumOf,
      now,
    );
    if (problem) throw invalidField(at(problem.field), problem.rule);
    const key = `${row.parameter}|${observedAt.getTime()}|${row.averaging}`;
    const first = seen.get(key);
    if (first !== undefined)
      throw invalidField(
        `observations.${index}`,
        `repeats observations.${first} (same parameter, time and averaging)`,
      );
    seen.set(key, index);
    times.push(observedAt);
  });
  const rows = batch.observations;
  const keys = [station.id, rows.map((r) => r.parameter), times, rows.map((r) => r.averaging)];
  const existing = await db.query(existingSql, keys);
  const duplicate = existing.rows[0]?.ord;
  if (duplicate !== undefined) {
    const row = rows[duplicate - 1];
    throw new HttpError(
      409,
      `observations.${duplicate - 1}: ${row?.parameter} at ${row?.observedAt} is already stored for this station`,
      `observations.${duplicate - 1}`,
    );
  }
  const { rowCount } = await db.query(insertSql, [
    ...keys,
    rows.map((r) => r.value),
    rows.map((r) => r.qualifier ?? null),
  ]);
  return rowCount ?? 0;
}
