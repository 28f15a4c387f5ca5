import type pg from 'pg';
import { copyLine, copyRows } from '../../core/db/copy_rows';
import { inTransaction } from '../../core/db/transaction';
import type { ParameterInfo } from './csv_columns';
import { type CsvEncoding, type DecodedCsv, decodeCsv } from './csv_decoding';
import { CsvRefusal } from './csv_refusal';
import type { ObservationImportReport, RowProblem } from './observation_report';
import { type ProgressCallback, type ReadRows, readObservationRows } from './observation_rows';
import { judgeStaged, type StagedCheck, type StagedVerdict } from './staged_checks';
import {
  checkStageSql,
  createStageSql,
  insertAcceptedSql,
  rejectStagedSql,
  resolveStageSql,
  stageColumns,
} from './staging_sql';

/** Choices for one import; all optional. */
export interface ObservationImportOptions {
  /** Text encoding; detected (UTF-8, else cp1258) when absent. */
  encoding?: CsvEncoding | undefined;
  /** Import the good observations and report the bad ones; default: any problem refuses the file. */
  keepGood?: boolean | undefined;
  /** Check and count everything, then roll back. */
  dryRun?: boolean | undefined;
  /** Most values one file may hold (default 500,000). */
  maxObservations?: number | undefined;
  /** "Now" for the rule against future times. */
  clock?: (() => Date) | undefined;
  /** Recorded by the audit log. */
  userId?: number | undefined;
  requestId?: string | undefined;
  onProgress?: ProgressCallback | undefined;
}

/** The problems of a file with each (row, column, rule) once, in file order. */
function orderedProblems(problems: RowProblem[], headers: readonly string[]): RowProblem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.row}\u0000${p.column}\u0000${p.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const place = (column: string) => {
    const index = headers.indexOf(column);
    return index < 0 ? headers.length : index;
  };
  return unique.sort((a, b) => a.row - b.row || place(a.column) - place(b.column));
}

function emptyReport(fileName: string, dryRun: boolean): ObservationImportReport {
  return {
    status: 'rejected',
    dryRun,
    fileName,
    encoding: null,
    delimiter: null,
    layout: null,
    rows: 0,
    observations: 0,
    imported: 0,
    skipped: 0,
    skippedDiffering: 0,
    rejectedRows: 0,
    problems: [],
    refusal: null,
  };
}

/** The report of a file refused as a whole; anything but a refusal is rethrown. */
function refused(report: ObservationImportReport, error: unknown): ObservationImportReport {
  if (!(error instanceof CsvRefusal)) throw error;
  const { reason: code, message } = error;
  report.refusal = { code, message, row: error.row ?? null, column: error.column ?? null };
  return report;
}

/** COPYs the observations read from the file into the staging table, in file order. */
async function stageCandidates(client: pg.ClientBase, read: ReadRows): Promise<void> {
  await client.query(createStageSql);
  await copyRows(
    client,
    'observation_stage',
    stageColumns,
    read.candidates.map((c, ord) =>
      copyLine([
        ord,
        c.row,
        c.station,
        c.parameter,
        c.unit,
        c.observedAt.toISOString(),
        c.averaging,
        c.value,
        c.qualifier,
      ]),
    ),
  );
}

/** Resolves and checks the staged rows against the database, then judges them; fills the report. */
async function judgeStagedRows(
  client: pg.ClientBase,
  read: ReadRows,
  parameters: readonly ParameterInfo[],
  report: ObservationImportReport,
  options: ObservationImportOptions,
): Promise<StagedVerdict> {
  await client.query(resolveStageSql);
  const { rows: checks } = await client.query<StagedCheck>(checkStageSql);
  const verdict = judgeStaged(read.candidates, checks, {
    plan: read.plan,
    mediumOf: new Map(parameters.map((p) => [p.code, p.medium])),
    now: (options.clock ?? (() => new Date()))(),
  });
  report.problems = orderedProblems([...read.problems, ...verdict.problems], read.plan.headers);
  report.rejectedRows = new Set(report.problems.map((p) => p.row)).size;
  report.skipped = verdict.skipped;
  report.skippedDiffering = verdict.skippedDiffering;
  return verdict;
}

/**
 * Reads, stages, checks and (when nothing refuses the file, or `keepGood`) writes the
 * observations on the transaction open on `client`. Marks the report 'imported' when it
 * wrote; the caller commits only then.
 */
async function readCheckAndWrite(
  client: pg.ClientBase,
  decoded: DecodedCsv,
  report: ObservationImportReport,
  options: ObservationImportOptions,
): Promise<ObservationImportReport> {
  const { rows: parameters } = await client.query<ParameterInfo>(
    'SELECT code, unit, medium FROM monitoring.parameter',
  );
  const catalogue = new Map(parameters.map((p) => [p.code.toLowerCase(), p]));
  const read = await readObservationRows(decoded, catalogue, {
    maxObservations: options.maxObservations ?? 500_000,
    onProgress: options.onProgress,
  });
  report.layout = read.plan.layout;
  report.rows = read.rows;
  report.observations = read.candidates.length;
  const total = read.candidates.length;
  options.onProgress?.({ phase: 'check', done: 0, total });

  await stageCandidates(client, read);
  const verdict = await judgeStagedRows(client, read, parameters, report, options);
  options.onProgress?.({ phase: 'check', done: total, total });

  if (report.problems.length > 0 && options.keepGood !== true) return report;
  await client.query(rejectStagedSql, [verdict.rejected]);
  const inserted = await client.query(insertAcceptedSql);
  report.imported = inserted.rowCount ?? 0;
  report.status = 'imported';
  return report;
}

/**
 * Imports a CSV of monitoring observations (long or wide layout, see `csv_columns.ts`) in
 * one transaction: rows are parsed, COPYed into a temporary staging table, checked there
 * against stations, parameters, units and stored observations, judged by the JSON intake's
 * rules, and written with one INSERT ... SELECT. Observations already stored are skipped, so
 * importing a file again adds nothing. Any problem refuses the file unless `keepGood`.
 * Resolves with the report (also for a refused file); throws only on unexpected failures.
 */
export async function importObservations(
  pool: pg.Pool,
  file: { name: string; bytes: Uint8Array },
  options: ObservationImportOptions = {},
): Promise<ObservationImportReport> {
  const report = emptyReport(file.name, options.dryRun === true);
  let decoded: DecodedCsv;
  try {
    decoded = decodeCsv(file.bytes, options.encoding);
  } catch (error) {
    return refused(report, error);
  }
  report.encoding = decoded.encoding;
  report.delimiter = decoded.delimiter;
  const client = await pool.connect();
  try {
    await inTransaction(client, () => readCheckAndWrite(client, decoded, report, options), {
      audit: {
        userId: options.userId,
        requestId: options.requestId,
        source: `observations-csv:${file.name}`,
        bulk: true,
      },
      // A dry run, or a file refused by its checks, keeps nothing.
      commit: (checked) => checked.status === 'imported' && options.dryRun !== true,
    });
    if (report.status === 'imported') {
      const total = report.observations;
      options.onProgress?.({ phase: 'write', done: total, total });
    }
    return report;
  } catch (error) {
    report.status = 'rejected';
    return refused(report, error);
  } finally {
    client.release();
  }
}
