import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { z } from 'zod';
import { csvEncodings } from '../../data-import/observations/csv_decoding';
import { FileRejected } from '../../data-import/observations/file_rejected';
import { importObservations } from '../../data-import/observations/import_observations';
import { reportCsv } from '../../data-import/observations/observation_report';
import { can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { receiveUpload } from '../dossiers/attachment_upload';
import { HttpError } from '../http/http_error';
import { readRawBody } from '../http/raw_body';
import { parseInput } from '../http/validate';

/** Largest observation file accepted (a year of hourly air data is about 10 MB). */
const maxUploadBytes = 20 * 1_048_576;
/** Imports run at once per server process; more get a 503 and retry. */
const maxConcurrentImports = 2;

const flag = z
  .enum(['true', 'false'], 'must be true or false')
  .default('false')
  .transform((value) => value === 'true');
const importQuery = z
  .object({
    dryRun: flag,
    keepGood: flag,
    encoding: z.enum(csvEncodings, 'must be utf8 or cp1258').optional(),
    format: z.enum(['json', 'csv'], 'must be json or csv').default('json'),
  })
  .strict();

/** The uploaded bytes: the `file` part of multipart/form-data, or a text/csv body. */
async function receiveCsv(ctx: Koa.Context): Promise<{ name: string; bytes: Buffer }> {
  if (ctx.is('multipart/form-data')) {
    const upload = await receiveUpload(ctx.req, { tempDir: tmpdir(), maxBytes: maxUploadBytes });
    try {
      return { name: upload.fileName, bytes: await readFile(upload.tempPath) };
    } finally {
      await rm(upload.tempPath, { force: true });
    }
  }
  if (!ctx.is('text/csv', 'text/plain', 'application/csv'))
    throw new HttpError(
      415,
      'Content-Type: send the file as multipart/form-data (field "file") or as text/csv',
      'Content-Type',
    );
  const bytes = await readRawBody(ctx.req, {
    maxBytes: maxUploadBytes,
    field: 'file',
    tooLarge: () =>
      new HttpError(413, `file: larger than the ${maxUploadBytes / 1_048_576} MB allowed`, 'file'),
  });
  if (bytes.length === 0) throw new HttpError(400, 'file: the body is empty', 'file');
  return { name: 'observations.csv', bytes };
}

function requireMonitoringWriter(principal: Principal | undefined): Principal {
  if (!principal) throw new HttpError(401, 'sign in to import observations');
  if (!can(principal, 'monitoring:write'))
    throw new HttpError(403, `role ${principal.role} may not import monitoring observations`);
  return principal;
}

/**
 * POST /api/stations/observations/import: a CSV of observations (multipart field `file`, or
 * a text/csv body) for staff with `monitoring:write`. Answers the report (200), or 422 with
 * the report when the file is refused; `?format=csv` answers the problems as CSV instead.
 */
export function observationImportRoutes(deps: { pool: pg.Pool; clock: () => Date }): Router {
  const router = new Router({ prefix: '/api/stations' });
  let importsInFlight = 0;

  router.post('/observations/import', async (ctx) => {
    const principal = requireMonitoringWriter(ctx.state.principal);
    const params = parseInput(importQuery, ctx.query, 'query');
    if (importsInFlight >= maxConcurrentImports)
      throw new HttpError(
        503,
        'import: the server is busy with other imports; retry shortly',
        undefined,
        {
          'Retry-After': '5',
        },
      );
    importsInFlight++;
    try {
      const file = await receiveCsv(ctx);
      const report = await importObservations(deps.pool, file, {
        encoding: params.encoding,
        keepGood: params.keepGood,
        dryRun: params.dryRun,
        clock: deps.clock,
        userId: principal.userId,
        requestId: ctx.state.requestId,
      });
      ctx.state.log.info(
        {
          fileName: file.name,
          imported: report.imported,
          skipped: report.skipped,
          status: report.status,
        },
        'observation file imported',
      );
      if (params.format === 'csv') {
        ctx.status = report.status === 'rejected' ? 422 : 200;
        ctx.attachment(`${file.name.replace(/\.csv$/i, '')}-report.csv`);
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = reportCsv(report);
        return;
      }
      if (report.status === 'rejected') throw new FileRejected(report);
      ctx.body = report;
    } finally {
      importsInFlight--;
    }
  });

  return router;
}
