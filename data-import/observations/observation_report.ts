import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../text/spreadsheet_safe';
import type { CsvRefusalCode } from './csv_refusal';

/** One broken rule: the file row (the header is row 1), the column as headed, the rule. */
export interface RowProblem {
  row: number;
  column: string;
  rule: string;
  message: string;
  /** The cell as written. */
  value: string;
}

/** The outcome of importing one observation file. */
export interface ObservationImportReport {
  /** `imported` (also for a dry run) or `rejected` (nothing written). */
  status: 'imported' | 'rejected';
  dryRun: boolean;
  fileName: string;
  encoding: string | null;
  delimiter: string | null;
  layout: 'long' | 'wide' | null;
  /** Data rows read (blank rows not counted). */
  rows: number;
  /** Observations (values) read; a wide row holds one per filled parameter column. */
  observations: number;
  /** Observations written (with `dryRun`: that would be written). */
  imported: number;
  /** Observations already stored (same station, parameter, time and averaging): left as they are. */
  skipped: number;
  /** Of `skipped`, those stored with another value or qualifier (not overwritten). */
  skippedDiffering: number;
  /** Rows with at least one problem. */
  rejectedRows: number;
  problems: RowProblem[];
  /** Why the file was refused as a whole, before rows were checked. */
  refusal: {
    code: CsvRefusalCode;
    message: string;
    row: number | null;
    column: string | null;
  } | null;
}

/** `row 7, column "DO": "cao" is not a number (value_not_number)`. */
export function describeProblem(problem: RowProblem): string {
  return `row ${problem.row}, column "${problem.column}": ${problem.message} (${problem.rule})`;
}

/**
 * The problems as CSV for a spreadsheet (UTF-8 with a byte-order mark, CRLF): row, column,
 * rule, message, value; a refused file gives its one refusal.
 */
export function reportCsv(report: ObservationImportReport): string {
  const refusal = report.refusal;
  const rows: RowProblem[] = refusal
    ? [
        {
          row: refusal.row ?? 0,
          column: refusal.column ?? '',
          rule: refusal.code,
          message: refusal.message,
          value: '',
        },
      ]
    : report.problems;
  return stringify(rows, {
    ...spreadsheetSafe,
    bom: true,
    header: true,
    record_delimiter: 'windows',
    columns: ['row', 'column', 'rule', 'message', 'value'],
  });
}
