import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { lockKeys } from '../core/db/lock_keys';
import { inTransaction, undoneAfter } from '../core/db/transaction';
import { ImportError } from './import_error';
import {
  type ImportOptions,
  importOptionsSchema,
  type ResolvedImportOptions,
} from './import_options';
import {
  applySourceMeta,
  applyStageSummary,
  emptyImportReport,
  type ImportProgress,
  type ImportReport,
  jobCounts,
  refusedReport,
  type StageSummary,
} from './import_report';
import { loadImportCatalogue } from './job/import_catalogue';
import { createJob, finishJob, recordSource } from './job/import_job';
import { jobProgress, type ReportProgress } from './job/job_progress';
import type { ImportSource } from './source/import_source';
import { sourceSha256 } from './source/source_digest';
import * as stageSql from './validate/stage_sql';
import { type PhaseTimings, timed, validateStage } from './validate/validate_stage';
import { stageColumns } from './worker/feature_rows';
import type { ParseMeta, ReadRequest } from './worker/parse_request';
import { type ParseResult, runParse } from './worker/run_parse';
import { writeParcels } from './write/write_parcels';

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

/** One import under way: what each step reads and fills in. */
interface ImportRun {
  pool: pg.Pool;
  client: pg.PoolClient;
  source: ImportSource;
  options: ResolvedImportOptions;
  report: ImportReport;
  progress: ReportProgress;
  timings: PhaseTimings;
  /** source_ref of every parcel version written: 'import-job:<id>'. */
  sourceRef: string;
}

/** Creates the job row, with the importing session's pid and start so a dead one reads as failed. */
async function openJob(
  pool: pg.Pool,
  client: pg.ClientBase,
  source: ImportSource,
  options: ResolvedImportOptions,
  input: ImportOptions,
): Promise<number> {
  // As text: a JS Date would drop the microseconds the job_status view compares.
  const { rows } = await client.query<{ pid: number; backend_start: string }>(
    'SELECT pid, backend_start::text AS backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()',
  );
  return createJob(pool, {
    kind: kindOf(source.name),
    fileName: source.name,
    sha256: await sourceSha256(source),
    dryRun: options.dryRun,
    options: input,
    createdBy: options.userId,
    backendPid: Number(rows[0]?.pid),
    backendStart: String(rows[0]?.backend_start),
  });
}

/**
 * Settings for one large transaction: sorts and hashes over the staged features in memory,
 * no JIT compilation (PostGIS functions gain nothing from it), and room for the temporary
 * tables when the session has not used any yet (the size cannot change afterwards: then
 * the setting stays as it is). Then waits for any other import: one import at a time, as
 * two files naming the same parcel would otherwise race.
 */
async function prepareTransaction(client: pg.ClientBase): Promise<void> {
  await client.query(
    `SELECT set_config('statement_timeout', '0', true), set_config('work_mem', '64MB', true),
            set_config('jit', 'off', true)`,
  );
  await client.query(stageSql.enlargeTempBuffers);
  await client.query('SELECT pg_advisory_xact_lock($1)', [lockKeys.parcelImport.first]);
}

/** Reads the file in the worker and COPYs its rows into the staging table. */
async function readIntoStage(run: ImportRun): Promise<ParseResult> {
  const { client, options, report, progress } = run;
  const request = readRequest(options, run.source, await loadImportCatalogue(client));
  await client.query(stageSql.createStage);
  let staged = 0;
  return stageRows(
    client,
    request,
    options,
    (meta) => {
      applySourceMeta(report, meta);
      void recordSource(run.pool, report.jobId, meta).catch(() => {});
    },
    (count) => {
      staged += count;
      progress('reading', staged, report.features);
    },
    run.timings,
  );
}

/** Checks the staged features set-wise and counts what would be created, revised, quarantined. */
async function validateStaged(run: ImportRun, parsed: ParseResult): Promise<void> {
  const { client, options, report } = run;
  run.progress('validating', 0, null, true);
  const targetSrid = report.targetSrid ?? options.defaultTargetSrid;
  await validateStage(client, options, targetSrid, parsed, run.timings);
  const { rows } = await client.query<StageSummary>(stageSql.summary);
  applyStageSummary(report, rows[0] as StageSummary);
}

/** Writes the valid features as parcels (undone again in a dry run), or refuses the file. */
async function writeOrRefuse(run: ImportRun): Promise<void> {
  const { client, options, report } = run;
  if (options.onError === 'reject' && report.quarantined > 0) {
    run.report = refusedReport(report, {
      code: 'file_invalid',
      message: `${report.quarantined} of ${report.features} features have errors and onError is reject: nothing was imported`,
    });
    return;
  }
  run.progress('writing', 0, null, true);
  const write = () =>
    writeParcels(
      client,
      {
        sourceRef: run.sourceRef,
        reason: `imported from ${run.source.name}`,
        authorId: options.userId ?? null,
      },
      run.timings,
    );
  if (options.dryRun) await undoneAfter(client, write);
  else await write();
}

/** Keeps the issues and the quarantined features of the job, for its report downloads. */
async function saveIssues(run: ImportRun): Promise<void> {
  await timed(run.timings, 'report and quarantine', async () => {
    await run.client.query(stageSql.saveIssues, [run.report.jobId]);
    await run.client.query(stageSql.saveQuarantine, [run.report.jobId]);
  });
}

/** read → validate → write (or refuse) → save issues, in ONE transaction with bulk audit. */
async function importInTransaction(run: ImportRun): Promise<void> {
  let workDone = 0;
  await inTransaction(
    run.client,
    async () => {
      await prepareTransaction(run.client);
      const parsed = await readIntoStage(run);
      await validateStaged(run, parsed);
      await writeOrRefuse(run);
      await saveIssues(run);
      workDone = performance.now();
    },
    { audit: { source: run.sourceRef, userId: run.options.userId, bulk: true } },
  );
  run.timings.commit = performance.now() - workDone;
}

/** Ends the job of an import that threw: rejected with a report for a refusal, else failed. */
async function settleFailure(
  pool: pg.Pool,
  report: ImportReport,
  error: unknown,
): Promise<ImportReport> {
  if (report.jobId === 0) throw error;
  if (error instanceof ImportError) {
    await finishJob(pool, report.jobId, 'rejected', error.message);
    return refusedReport(report, { code: error.reason, message: error.message });
  }
  await finishJob(pool, report.jobId, 'failed', (error as Error).message).catch(() => {});
  throw error;
}

const roundedTimings = (timings: PhaseTimings) =>
  Object.fromEntries(Object.entries(timings).map(([phase, ms]) => [phase, Math.round(ms)]));

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
  const client = await pool.connect();
  const report = emptyImportReport(source.name, options.dryRun);
  try {
    report.jobId = await openJob(pool, client, source, options, input);
    const run: ImportRun = {
      pool,
      client,
      source,
      options,
      report,
      progress: jobProgress(pool, report.jobId, onProgress),
      timings: {},
      sourceRef: `import-job:${report.jobId}`,
    };
    // The job exists: tell the caller its id now, before waiting for another import's lock.
    run.progress('reading', 0, null, true);
    const started = performance.now();
    await importInTransaction(run);
    run.timings.total = performance.now() - started;
    const done = { ...run.report, timings: roundedTimings(run.timings) };
    await finishJob(pool, done.jobId, done.status, done.refusal?.message ?? null, jobCounts(done));
    run.progress('finished', done.features, done.features, true);
    return done;
  } catch (error) {
    return settleFailure(pool, report, error);
  } finally {
    client.release();
  }
}
