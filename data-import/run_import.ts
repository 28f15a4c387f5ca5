import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ImportError, type ImportErrorCode } from './import_error';
import {
  type ImportOptions,
  importOptionsSchema,
  type ResolvedImportOptions,
} from './import_options';
import { loadImportCatalogue } from './job/import_catalogue';
import { createJob, finishJob, recordProgress, recordSource } from './job/import_job';
import type { ImportSource } from './source/import_source';
import { sourceSha256 } from './source/source_digest';
import * as stageSql from './validate/stage_sql';
import { type PhaseTimings, timed, validateStage } from './validate/validate_stage';
import { stageColumns } from './worker/feature_rows';
import type { ParseMeta, PreviewFeature, ReadRequest } from './worker/parse_request';
import { type ParseResult, runParse } from './worker/run_parse';
import { writeParcels } from './write/write_parcels';

/** Where an import is: reading (rows staged so far), validating, writing, finished. */
export interface ImportProgress {
  jobId: number;
  phase: 'reading' | 'validating' | 'writing' | 'finished';
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

const kindOf = (name: string) => (/\.(geo)?json$/i.test(name) ? 'geojson' : 'shapefile');

/** What the read worker needs: the source as it came (a zip is unpacked there) and the settings. */
function readRequest(
  options: ResolvedImportOptions,
  source: ImportSource,
  catalogue: Awaited<ReturnType<typeof loadImportCatalogue>>,
): ReadRequest {
  return {
    source: { name: source.name, files: source.files.map((file) => [file.name, file.data]) },
    zipLimits: { maxBytes: options.maxBytes, maxEntries: options.maxZipEntries },
    mode: 'parse',
    sourceSrid: options.srid,
    encoding: options.encoding,
    fieldMap: options.fieldMap,
    communeCode: options.communeCode,
    defaultTargetSrid: options.defaultTargetSrid,
    zones: catalogue.zones,
    proj4: catalogue.proj4,
    provinceBbox: options.provinceBbox,
    landUse: catalogue.landUse,
    limits: {
      maxVertices: options.maxVertices,
      maxRings: options.maxRings,
      maxFeatures: options.maxFeatures,
      maxDepth: options.maxDepth,
      maxBytes: options.maxBytes,
    },
    previewSize: options.previewSize,
    overlapToleranceM2: options.overlapToleranceM2,
  };
}

/** Reads the dataset and checks CRS, encoding and fields without writing: what a user confirms. */
export async function previewImport(
  db: pg.Pool | pg.ClientBase,
  source: ImportSource,
  input: ImportOptions = {},
): Promise<ParseMeta> {
  const options = importOptionsSchema.parse(input);
  const request = {
    ...readRequest(options, source, await loadImportCatalogue(db)),
    mode: 'preview' as const,
  };
  let meta: ParseMeta | undefined;
  await runParse(request, options.parseTimeoutMs, {
    onMeta: (found) => {
      meta = found;
    },
    onRows: () => {},
  });
  if (!meta) throw new Error(`${source.name}: the reader returned no metadata`);
  return meta;
}

/**
 * Streams the worker's rows into COPY ... FROM STDIN of the staging table: the worker parses
 * and reprojects on one core while the database stores the previous chunks on the other.
 * `read` is the time until the worker finished, `copy tail` what the COPY took beyond it.
 * Resolves with what the worker handed back besides the rows (the in-file overlap candidates).
 */
async function stageRows(
  client: pg.ClientBase,
  request: ReadRequest,
  options: ResolvedImportOptions,
  onMeta: (meta: ParseMeta) => void,
  onRows: (count: number) => void,
  timings: PhaseTimings,
): Promise<ParseResult> {
  const copy = client.query(copyFrom(`COPY import_stage (${stageColumns.join(', ')}) FROM STDIN`));
  const stored = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  let parsed: ParseResult;
  try {
    parsed = await timed(timings, 'read (worker parse, COPY alongside)', () =>
      runParse(request, options.parseTimeoutMs, {
        onMeta,
        onRows: (bytes, count) => {
          copy.write(bytes);
          onRows(count);
        },
      }),
    );
  } catch (error) {
    copy.destroy(error as Error);
    await stored.catch(() => {});
    throw error;
  }
  copy.end();
  await timed(timings, 'copy tail', () => stored);
  return parsed;
}

/**
 * Imports a shapefile or GeoJSON as parcels, in ONE transaction: parse in a worker thread
 * (timeout), COPY into a staging table, validate set-wise, write new parcels and new
 * versions of changed ones (source_kind 'import', source_ref 'import-job:<id>'), keep
 * failed features in imports.quarantine. A kill at any point leaves no parcel behind and
 * the job reads as failed. Progress goes to `onProgress` and to imports.job.
 *
 * Resolves with the report when the import succeeded or was refused for a reason the user
 * can fix (unknown CRS or encoding, unsafe zip, errors with onError = 'reject'); throws
 * after marking the job failed on anything else.
 */
export async function runImport(
  pool: pg.Pool,
  source: ImportSource,
  input: ImportOptions = {},
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  const options = importOptionsSchema.parse(input);
  const sha256 = await sourceSha256(source);
  const client = await pool.connect();
  let jobId = 0;
  const report: ImportReport = {
    jobId,
    status: 'succeeded',
    dryRun: options.dryRun,
    fileName: source.name,
    features: 0,
    created: 0,
    revised: 0,
    unchanged: 0,
    quarantined: 0,
    repaired: 0,
    rules: {},
    preview: [],
  };
  let lastProgress = 0;
  const progress = (
    phase: ImportProgress['phase'],
    done: number,
    total: number | null,
    force = false,
  ) => {
    onProgress({ jobId, phase, done, total });
    if (force || Date.now() - lastProgress > 1000) {
      lastProgress = Date.now();
      void recordProgress(pool, jobId, phase, done, total).catch(() => {});
    }
  };
  try {
    // As text: a JS Date would drop the microseconds the job_status view compares.
    const { rows } = await client.query<{ pid: number; backend_start: string }>(
      'SELECT pid, backend_start::text AS backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()',
    );
    jobId = await createJob(pool, {
      kind: kindOf(source.name),
      fileName: source.name,
      sha256,
      dryRun: options.dryRun,
      options: input,
      createdBy: options.userId,
      backendPid: Number(rows[0]?.pid),
      backendStart: String(rows[0]?.backend_start),
    });
    report.jobId = jobId;
    // The job exists: tell the caller its id now, before waiting for another import's lock.
    progress('reading', 0, null, true);
    const sourceRef = `import-job:${jobId}`;
    const timings: PhaseTimings = {};
    const started = performance.now();
    await client.query('BEGIN');
    // Bulk audit (one log row per statement), and settings for one large transaction: sorts
    // and hashes over the staged features in memory, no JIT compilation (PostGIS functions
    // gain nothing from it), and room for the temporary tables when the session has not
    // used any yet (the size cannot change afterwards: then the setting stays as it is).
    await client.query(
      `SELECT set_config('diagis.audit_mode', 'bulk', true), set_config('diagis.source', $1, true),
              set_config('diagis.user_id', $2, true), set_config('statement_timeout', '0', true),
              set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`,
      [sourceRef, options.userId === undefined ? '' : String(options.userId)],
    );
    await client.query(stageSql.enlargeTempBuffers);
    // One import at a time: two files naming the same parcel would otherwise race.
    await client.query('SELECT pg_advisory_xact_lock(20020004)');
    const request = readRequest(options, source, await loadImportCatalogue(client));
    await client.query(stageSql.createStage);
    let staged = 0;
    const parsed = await stageRows(
      client,
      request,
      options,
      (meta) => {
        Object.assign(report, {
          sourceSrid: meta.sourceSrid,
          crsVia: meta.crsVia,
          targetSrid: meta.targetSrid,
          encoding: meta.encoding,
          features: meta.features,
          preview: meta.preview,
        });
        void recordSource(pool, jobId, meta).catch(() => {});
      },
      (count) => {
        staged += count;
        progress('reading', staged, report.features);
      },
      timings,
    );
    progress('validating', 0, null, true);
    await validateStage(
      client,
      options,
      report.targetSrid ?? options.defaultTargetSrid,
      parsed,
      timings,
    );
    const counts = (await client.query(stageSql.summary)).rows[0];
    Object.assign(report, {
      created: Number(counts.created),
      revised: Number(counts.revised),
      unchanged: Number(counts.unchanged),
      quarantined: Number(counts.failed),
      repaired: Number(counts.repaired),
      rules: counts.rules,
    });
    const refused = options.onError === 'reject' && report.quarantined > 0;
    if (refused) {
      report.status = 'rejected';
      report.refusal = {
        code: 'file_invalid',
        message: `${report.quarantined} of ${report.features} features have errors and onError is reject: nothing was imported`,
      };
      report.created = 0;
      report.revised = 0;
      report.unchanged = 0;
    } else {
      progress('writing', 0, null, true);
      await client.query('SAVEPOINT before_write');
      await writeParcels(
        client,
        {
          sourceRef,
          reason: `imported from ${source.name}`,
          authorId: options.userId ?? null,
        },
        timings,
      );
      if (options.dryRun) await client.query('ROLLBACK TO SAVEPOINT before_write');
    }
    await timed(timings, 'report and quarantine', async () => {
      await client.query(stageSql.saveIssues, [jobId]);
      await client.query(stageSql.saveQuarantine, [jobId]);
    });
    await timed(timings, 'commit', () => client.query('COMMIT'));
    timings.total = performance.now() - started;
    report.timings = Object.fromEntries(
      Object.entries(timings).map(([phase, ms]) => [phase, Math.round(ms)]),
    );
    await finishJob(pool, jobId, report.status, report.refusal?.message ?? null, {
      created: report.created,
      revised: report.revised,
      unchanged: report.unchanged,
      quarantined: report.quarantined,
      repaired: report.repaired,
      errors: report.quarantined,
    });
    progress('finished', report.features, report.features, true);
    return report;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if (jobId === 0) throw error;
    if (error instanceof ImportError) {
      await finishJob(pool, jobId, 'rejected', error.message);
      return {
        ...report,
        status: 'rejected',
        refusal: { code: error.reason, message: error.message },
        created: 0,
        revised: 0,
        unchanged: 0,
      };
    }
    await finishJob(pool, jobId, 'failed', (error as Error).message).catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
