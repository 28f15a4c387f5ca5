import { observationProblem } from '../../core/monitoring/observation_rules';
import type { ColumnPlan } from './csv_columns';
import type { RowProblem } from './observation_report';
import type { CandidateObservation } from './observation_rows';

/** One row of `checkStageSql`: what the database says about a staged observation. */
export interface StagedCheck {
  ord: number;
  station_id: number | null;
  station_medium: 'water' | 'air' | null;
  parameter_code: string | null;
  parameter_unit: string | null;
  unit_differs: boolean;
  same_key_rows: number[];
  stored: boolean;
  stored_differs: boolean;
}

/** The verdict on the staged observations. */
export interface StagedVerdict {
  problems: RowProblem[];
  /** `ord` of every observation refused. */
  rejected: number[];
  /** Accepted observations already stored, and of those, stored with another value. */
  skipped: number;
  skippedDiffering: number;
}

/**
 * Turns the database's answers into problems named by row and column (unknown station or
 * parameter, another unit, a repeat within the file), then applies the rules the JSON
 * intake applies (`observationProblem`: medium, averaging, sign, pH range, future).
 */
export function judgeStaged(
  candidates: readonly CandidateObservation[],
  checks: readonly StagedCheck[],
  context: { plan: ColumnPlan; mediumOf: ReadonlyMap<string, string>; now: Date },
): StagedVerdict {
  const { headers, roles } = context.plan;
  const columnOf = {
    observedAt: headers[roles.observedAt ?? -1] ?? 'time',
    averaging: headers[roles.averaging ?? -1] ?? 'averaging',
    station: headers[roles.station ?? -1] ?? 'station',
  };
  const verdict: StagedVerdict = { problems: [], rejected: [], skipped: 0, skippedDiffering: 0 };
  for (const check of checks) {
    const c = candidates[check.ord];
    if (!c) throw new Error(`staged observation ${check.ord} has no source row`);
    const found: RowProblem[] = [];
    const add = (column: string, rule: string, message: string, value: string) =>
      found.push({ row: c.row, column, rule, message, value });
    if (check.station_id === null)
      add(columnOf.station, 'station_unknown', `${c.station} is not a station code`, c.station);
    if (check.parameter_code === null)
      add(
        c.parameterColumn,
        'parameter_unknown',
        `${c.parameter} is not a parameter code of monitoring.parameter`,
        c.parameter,
      );
    else if (check.unit_differs)
      add(
        c.unitColumn,
        'unit_mismatch',
        `unit ${c.unit} is not ${check.parameter_unit}, the unit of ${check.parameter_code}; convert the value or fix the unit`,
        c.unit ?? '',
      );
    const others = check.same_key_rows.filter((row) => row !== c.row);
    if (check.station_id !== null && check.parameter_code !== null && others.length > 0)
      add(
        c.valueColumn,
        'duplicate_in_file',
        `${check.parameter_code} of ${c.station} at ${c.observedAtText} is also in row ${others.join(', ')}`,
        c.valueText,
      );
    if (found.length === 0 && check.station_medium && check.parameter_code) {
      const problem = observationProblem(
        { ...c, parameter: check.parameter_code },
        { medium: check.station_medium },
        context.mediumOf,
        context.now,
      );
      if (problem) {
        const column =
          problem.field === 'parameter'
            ? c.parameterColumn
            : problem.field === 'value'
              ? c.valueColumn
              : columnOf[problem.field];
        const value =
          problem.field === 'value'
            ? c.valueText
            : problem.field === 'observedAt'
              ? c.observedAtText
              : problem.field === 'averaging'
                ? c.averaging
                : c.parameter;
        add(column, problem.code, problem.rule, value);
      }
    }
    if (found.length > 0) {
      verdict.rejected.push(check.ord);
      verdict.problems.push(...found);
    } else if (check.stored) {
      verdict.skipped++;
      if (check.stored_differs) verdict.skippedDiffering++;
    }
  }
  return verdict;
}
