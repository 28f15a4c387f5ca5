import type { ImportPhase, PreviewFeature } from '../core/api/import_job';
import type { ImportErrorCode } from './import_error';
import type { ParseMeta } from './worker/parse_request';

/** Where an import is: reading (rows staged so far), validating, writing, finished. */
export interface ImportProgress {
  jobId: number;
  phase: ImportPhase;
  done: number;
  total: number | null;
}

/** The outcome of one import, for the CLI, the API's job page and tests. */
export interface ImportReport {
  jobId: number;
  /** succeeded: written (or checked, in a dry run); rejected: refused as a whole, nothing written. */
  status: 'succeeded' | 'rejected';
  dryRun: boolean;
  fileName: string;
  /** Why the file was refused as a whole; `code` tells a client which choice is missing. */
  refusal?: { code: ImportErrorCode; message: string };
  sourceSrid?: number;
  crsVia?: string;
  targetSrid?: number;
  encoding?: string;
  features: number;
  created: number;
  revised: number;
  unchanged: number;
  /** Features with an error: kept in imports.quarantine (and listed in the report downloads). */
  quarantined: number;
  repaired: number;
  /** Features per rule, errors and warnings alike. */
  rules: Record<string, number>;
  preview: PreviewFeature[];
  /** Milliseconds per phase (reading, each validation pass, each table written), for profiling. */
  timings?: Record<string, number>;
}

/** The report before anything was read: succeeded with nothing counted. */
export function emptyImportReport(fileName: string, dryRun: boolean): ImportReport {
  return {
    jobId: 0,
    status: 'succeeded',
    dryRun,
    fileName,
    features: 0,
    created: 0,
    revised: 0,
    unchanged: 0,
    quarantined: 0,
    repaired: 0,
    rules: {},
    preview: [],
  };
}

/** What the reader found out about the file: CRS, encoding, feature count, preview. */
export function applySourceMeta(report: ImportReport, meta: ParseMeta): void {
  Object.assign(report, {
    sourceSrid: meta.sourceSrid,
    crsVia: meta.crsVia,
    targetSrid: meta.targetSrid,
    encoding: meta.encoding,
    features: meta.features,
    preview: meta.preview,
  });
}

/** One row of `stage_sql.summary`: what validation decided for the staged features. */
export interface StageSummary {
  created: string | number;
  revised: string | number;
  unchanged: string | number;
  failed: string | number;
  repaired: string | number;
  rules: Record<string, number>;
}

export function applyStageSummary(report: ImportReport, counts: StageSummary): void {
  Object.assign(report, {
    created: Number(counts.created),
    revised: Number(counts.revised),
    unchanged: Number(counts.unchanged),
    quarantined: Number(counts.failed),
    repaired: Number(counts.repaired),
    rules: counts.rules,
  });
}

/** The report of a file refused as a whole: nothing created, revised or left unchanged. */
export function refusedReport(
  report: ImportReport,
  refusal: { code: ImportErrorCode; message: string },
): ImportReport {
  return { ...report, status: 'rejected', refusal, created: 0, revised: 0, unchanged: 0 };
}

/** The counts imports.job keeps of a finished import. */
export function jobCounts(report: ImportReport) {
  return {
    created: report.created,
    revised: report.revised,
    unchanged: report.unchanged,
    quarantined: report.quarantined,
    repaired: report.repaired,
    errors: report.quarantined,
  };
}
