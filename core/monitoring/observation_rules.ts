import { z } from 'zod';

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
