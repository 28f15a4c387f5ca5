import type pg from 'pg';
import { z } from 'zod';
import { HttpError, invalidField } from '../http/http_error';

const averagings = ['1h', '8h', '24h', 'year'] as const;

/** A batch of observations one station sends (JSON). */
export const observationBatchSchema = z.object({
  observations: z
    .array(
      z.object({
        parameter: z
          .string()
          .regex(/^[A-Za-z0-9_.+-]{1,32}$/, 'must be a parameter code such as BOD5'),
        observedAt: z
          .string()
          .regex(
            /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/,
            'must be an ISO 8601 date-time with a time zone, e.g. 2025-06-01T08:00:00+07:00',
          ),
        value: z.number('must be a number').finite('must be finite'),
        averaging: z
          .enum(['', ...averagings], 'must be 1h, 8h, 24h or year (air), empty for water')
          .default(''),
        qualifier: z.enum(['<', '>'], 'must be < (below detection) or >').nullish(),
      }),
      'must be a list of observations',
    )
    .min(1, 'must hold at least one observation')
    .max(5000, 'must hold at most 5000 observations; send several batches'),
});
export type ObservationBatch = z.infer<typeof observationBatchSchema>;

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

/** An observation as the shared rules see it: the time parsed, its text kept for messages. */
export interface ObservationToCheck {
  parameter: string;
  observedAt: Date;
  observedAtText: string;
  value: number;
  averaging: string;
}

/** The rule an observation breaks: the field it concerns, a stable code and the message. */
export interface ObservationProblem {
  field: 'parameter' | 'averaging' | 'value' | 'observedAt';
  code:
    | 'parameter_unknown'
    | 'parameter_medium'
    | 'averaging_required'
    | 'averaging_not_allowed'
    | 'value_negative'
    | 'value_out_of_range'
    | 'observed_at_invalid'
    | 'observed_in_future';
  rule: string;
}

/**
 * The first rule `row` breaks for a station of `station.medium`, or undefined. `mediumOf`
 * maps parameter codes to their medium. The JSON intake and the CSV importer
 * (`data-import/observations`) both call it, so they accept the same observations.
 */
export function observationProblem(
  row: ObservationToCheck,
  station: { medium: 'water' | 'air' },
  mediumOf: ReadonlyMap<string, string>,
  now: Date,
): ObservationProblem | undefined {
  const medium = mediumOf.get(row.parameter);
  const broke = (
    field: ObservationProblem['field'],
    code: ObservationProblem['code'],
    rule: string,
  ): ObservationProblem => ({ field, code, rule });
  if (!medium)
    return broke('parameter', 'parameter_unknown', `${row.parameter} is not a known parameter`);
  if (medium !== station.medium) {
    const rule = `${row.parameter} is measured in ${medium}; this station measures ${station.medium}`;
    return broke('parameter', 'parameter_medium', rule);
  }
  if (station.medium === 'air' && row.averaging === '')
    return broke('averaging', 'averaging_required', 'is required for air: 1h, 8h, 24h or year');
  if (station.medium === 'water' && row.averaging !== '')
    return broke('averaging', 'averaging_not_allowed', 'must be empty for water samples');
  if (row.value < 0)
    return broke('value', 'value_negative', `must not be negative, got ${row.value}`);
  if (row.parameter === 'pH' && row.value > 14)
    return broke('value', 'value_out_of_range', `pH must be 0-14, got ${row.value}`);
  const time = row.observedAt.getTime();
  if (Number.isNaN(time))
    return broke('observedAt', 'observed_at_invalid', `is not a date-time: ${row.observedAtText}`);
  if (time > now.getTime() + 5 * 60_000)
    return broke('observedAt', 'observed_in_future', `is in the future: ${row.observedAtText}`);
  return undefined;
}

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
