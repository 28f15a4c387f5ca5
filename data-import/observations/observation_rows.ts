import { CsvError, parse } from 'csv-parse';
import { observationBatchSchema } from '../../core/monitoring/observation_rules';
import { type ColumnPlan, type ParameterCatalogue, planColumns } from './csv_columns';
import type { DecodedCsv } from './csv_decoding';
import { CsvRefusal } from './csv_refusal';
import { parseDecimal } from './decimal_value';
import type { RowProblem } from './observation_report';
import { parseObservedAt } from './observed_at';

/** One observation read from the file, before the checks that need the database. */
export interface CandidateObservation {
  row: number;
  station: string;
  /** Long layout: the parameter as written; wide: the code its column names. */
  parameter: string;
  parameterColumn: string;
  value: number;
  valueColumn: string;
  valueText: string;
  qualifier: '<' | '>' | null;
  unit: string | null;
  unitColumn: string;
  observedAt: Date;
  observedAtText: string;
  averaging: string;
}

/** The rows of a file: the column plan, the observations read and the problems found. */
export interface ReadRows {
  plan: ColumnPlan;
  rows: number;
  candidates: CandidateObservation[];
  problems: RowProblem[];
}

// The JSON intake's own rules for these two fields, so both entry points agree.
const rowSchema = observationBatchSchema.shape.observations.element.shape;

/** Progress of one phase: `done` of `total` (bytes while reading, observations after). */
export type ProgressCallback = (progress: {
  phase: 'read' | 'check' | 'write';
  done: number;
  total: number;
}) => void;

interface RowContext {
  row: number;
  cells: string[];
  plan: ColumnPlan;
  problems: RowProblem[];
}

const cell = (context: RowContext, index: number | undefined): string =>
  index === undefined ? '' : (context.cells[index] ?? '').trim();
const header = (context: RowContext, index: number | undefined): string =>
  index === undefined ? '' : (context.plan.headers[index] ?? '');

function report(
  context: RowContext,
  index: number | undefined,
  rule: string,
  message: string,
): void {
  const value = cell(context, index);
  context.problems.push({ row: context.row, column: header(context, index), rule, message, value });
}

/** Station, time, averaging and qualifier of a row, or undefined after reporting why not. */
function rowKeys(context: RowContext) {
  const { roles } = context.plan;
  const station = cell(context, roles.station);
  const timeText = cell(context, roles.observedAt);
  const observedAt = timeText === '' ? undefined : parseObservedAt(timeText);
  const averaging = rowSchema.averaging.safeParse(cell(context, roles.averaging));
  const qualifierText = cell(context, roles.qualifier);
  const qualifier = rowSchema.qualifier.safeParse(qualifierText === '' ? null : qualifierText);
  const fail = (index: number | undefined, rule: string, message: string) =>
    report(context, index, rule, message);
  if (station === '') fail(roles.station, 'station_required', 'is empty; give the station code');
  if (timeText === '') fail(roles.observedAt, 'observed_at_required', 'is empty; give the time');
  else if (!observedAt)
    fail(
      roles.observedAt,
      'observed_at_invalid',
      `"${timeText}" is not a date-time: use ISO 8601 (2025-06-01T08:00) or dd/MM/yyyy HH:mm`,
    );
  if (!averaging.success)
    fail(roles.averaging, 'averaging_invalid', averaging.error.issues[0]?.message ?? 'invalid');
  if (!qualifier.success)
    fail(roles.qualifier, 'qualifier_invalid', qualifier.error.issues[0]?.message ?? 'invalid');
  if (station === '' || !observedAt || !averaging.success || !qualifier.success) return undefined;
  return {
    station,
    observedAt,
    observedAtText: timeText,
    averaging: averaging.data,
    qualifier: qualifier.data ?? null,
  };
}

interface ValueCell {
  index: number | undefined;
  parameter: string;
  parameterColumn: string;
  unit: string | null;
  unitColumn: string;
}

/** The cells of a row that hold values: one in the long layout, one per parameter in wide. */
function valueCells(context: RowContext): ValueCell[] {
  const { plan } = context;
  const { roles } = plan;
  if (plan.layout === 'wide')
    return plan.parameterColumns.map((column) => ({
      index: column.index,
      parameter: column.code,
      parameterColumn: header(context, column.index),
      unit: column.unit,
      unitColumn: header(context, column.index),
    }));
  const parameter = cell(context, roles.parameter);
  if (parameter === '')
    report(context, roles.parameter, 'parameter_required', 'is empty; give the parameter code');
  if (cell(context, roles.value) === '') report(context, roles.value, 'value_required', 'is empty');
  return [
    {
      index: roles.value,
      parameter,
      parameterColumn: header(context, roles.parameter),
      unit: cell(context, roles.unit) || null,
      unitColumn: header(context, roles.unit),
    },
  ];
}

/** The observations of one data row; every cell that does not parse is reported. */
function rowObservations(context: RowContext, decimalComma: boolean): CandidateObservation[] {
  const keys = rowKeys(context);
  const found: CandidateObservation[] = [];
  for (const spec of valueCells(context)) {
    const text = cell(context, spec.index);
    if (text === '') continue;
    const parsed = parseDecimal(text, decimalComma);
    if (!parsed.ok) report(context, spec.index, parsed.rule, parsed.message);
    if (!parsed.ok || !keys || spec.parameter === '') continue;
    found.push({
      row: context.row,
      station: keys.station,
      parameter: spec.parameter,
      parameterColumn: spec.parameterColumn,
      value: parsed.value,
      valueColumn: header(context, spec.index),
      valueText: text,
      qualifier: parsed.qualifier ?? keys.qualifier,
      unit: spec.unit,
      unitColumn: spec.unitColumn,
      observedAt: keys.observedAt,
      observedAtText: keys.observedAtText,
      averaging: keys.averaging,
    });
  }
  return found;
}

/**
 * Parses a decoded file with csv-parse: plans the columns from the header (refusing the
 * file when they do not fit), then reads every row into observations, reporting each cell
 * that is missing or does not parse. Rows are numbered as lines of the file (header = 1).
 * Refuses a file with more than `maxObservations` values.
 */
export async function readObservationRows(
  decoded: DecodedCsv,
  catalogue: ParameterCatalogue,
  options: { maxObservations: number; onProgress?: ProgressCallback | undefined },
): Promise<ReadRows> {
  const parser = parse({
    delimiter: decoded.delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  const total = Buffer.byteLength(decoded.text);
  parser.end(decoded.text);
  let plan: ColumnPlan | undefined;
  let rows = 0;
  const candidates: CandidateObservation[] = [];
  const problems: RowProblem[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; bytes: number };
    }>) {
      if (!plan) {
        plan = planColumns(record, catalogue);
        continue;
      }
      if (record.every((value) => value.trim() === '')) continue;
      rows++;
      const context = { row: info.lines, cells: record, plan, problems };
      if (record.slice(plan.headers.length).some((value) => value.trim() !== ''))
        report(
          context,
          undefined,
          'row_too_long',
          `has ${record.length} cells; the header has ${plan.headers.length}`,
        );
      candidates.push(...rowObservations(context, decoded.delimiter === ';'));
      if (candidates.length + problems.length > options.maxObservations)
        throw new CsvRefusal(
          'file_too_large',
          `row ${info.lines}: more than ${options.maxObservations} observations; split the file`,
          info.lines,
        );
      if (rows % 2000 === 0) options.onProgress?.({ phase: 'read', done: info.bytes, total });
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? parser.info.lines;
    throw new CsvRefusal('csv_malformed', `row ${line}: ${error.message}`, line);
  }
  if (!plan) throw new CsvRefusal('file_empty', 'the file has no header row');
  options.onProgress?.({ phase: 'read', done: total, total });
  return { plan, rows, candidates, problems };
}
