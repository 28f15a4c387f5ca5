import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import type { ImportPreview, ImportStatus } from '../../core/api/import_job';
import { issuesCsv, rejectedFeaturesGeoJson } from '../../data-import/report/report_downloads';
import { previewImport } from '../../data-import/run_import';
import type { Config } from '../config';
import { HttpError, invalidField } from '../http/http_error';
import type { UserWriteSlots } from '../http/user_write_slots';
import { idParam } from '../http/validate';
import { importFormFields, importFormOptions } from '../imports/import_form';
import { requireImporter } from '../imports/import_guard';
import { jobRules, liveJob, recentJobs } from '../imports/import_jobs';
import { ImportLauncher } from '../imports/import_launcher';
import { receiveImportUpload } from '../imports/import_upload';
import { UploadSlots } from '../imports/upload_slots';
import { sourceFromUpload } from '../imports/upload_source';
import type { Logger } from '../logger';

export interface ImportRouteDeps {
  pool: pg.Pool;
  config: Readonly<Config>;
  logger: Logger;
  /** An import holds a slot of its user until its job has finished; a preview while it runs. */
  writeSlots: UserWriteSlots;
}

/** Uploads held in memory at once per server process (each up to DIAGIS_IMPORT_MAX_MB). */
const maxUploads = 3;

/**
 * Parcel imports over HTTP for surveyors and admins: POST /api/imports (multipart; 202 with
 * the job), POST /api/imports/preview (CRS, encoding, decoded names; 422 with the refusal
 * code), GET /api/imports and /api/imports/{id} (status, progress, counts, rules) and the
 * report downloads issues.csv and rejected.geojson.
 */
export function importRoutes(deps: ImportRouteDeps): Router {
  const router = new Router({ prefix: '/api' });
  const slots = new UploadSlots(maxUploads);
  const launcher = new ImportLauncher({ pool: deps.pool, logger: deps.logger });
  const maxBytes = deps.config.imports.maxBytes;

  const receive = async (ctx: Koa.Context, userId: number) => {
    const upload = await receiveImportUpload(ctx.req, { maxBytes, fieldNames: importFormFields });
    const options = importFormOptions(upload.fields, { userId, maxBytes });
    return { source: sourceFromUpload(upload.files), options: { ...options, userId } };
  };

  router.post('/imports', async (ctx) => {
    const principal = requireImporter(ctx.state.principal);
    const releaseUser = deps.writeSlots.take(principal.userId);
    let releaseUpload: () => void;
    try {
      releaseUpload = slots.take();
    } catch (error) {
      releaseUser();
      throw error;
    }
    const release = () => {
      releaseUpload();
      releaseUser();
    };
    let jobId: number;
    try {
      const { source, options } = await receive(ctx, principal.userId);
      jobId = await launcher.start(source, options, release);
    } catch (error) {
      release();
      throw error;
    }
    ctx.status = 202;
    ctx.set('Location', `/api/imports/${jobId}`);
    ctx.body = { job: await liveJob(deps.pool, jobId) };
  });

  router.post('/imports/preview', async (ctx) => {
    const principal = requireImporter(ctx.state.principal);
    const releaseUser = deps.writeSlots.take(principal.userId);
    let release: () => void;
    try {
      release = slots.take();
    } catch (error) {
      releaseUser();
      throw error;
    }
    try {
      const { source, options } = await receive(ctx, principal.userId);
      const meta = await previewImport(deps.pool, source, options);
      ctx.body = { fileName: source.name, ...meta } satisfies ImportPreview;
    } finally {
      release();
      releaseUser();
    }
  });

  router.get('/imports', async (ctx) => {
    requireImporter(ctx.state.principal);
    const raw = ctx.query.limit ?? '20';
    const limit = Number(raw);
    if (typeof raw !== 'string' || !/^[0-9]{1,3}$/.test(raw) || limit < 1 || limit > 100) {
      throw invalidField('limit', `must be an integer 1-100, got ${raw}`);
    }
    ctx.body = { jobs: await recentJobs(deps.pool, limit) };
  });

  const jobOf = async (ctx: Koa.Context) => {
    requireImporter(ctx.state.principal);
    const id = idParam('id', ctx.params.id);
    const job = await liveJob(deps.pool, id);
    if (!job) throw new HttpError(404, `import ${id} does not exist`);
    return job;
  };

  router.get('/imports/:id', async (ctx) => {
    const job = await jobOf(ctx);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      job,
      rules: await jobRules(deps.pool, job.id),
      downloads: {
        issuesCsv: `/api/imports/${job.id}/issues.csv`,
        rejectedGeoJson: `/api/imports/${job.id}/rejected.geojson`,
      },
    } satisfies ImportStatus;
  });

  router.get('/imports/:id/issues.csv', async (ctx) => {
    const job = await jobOf(ctx);
    ctx.attachment(`import-${job.id}-issues.csv`);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await issuesCsv(deps.pool, job.id);
  });

  router.get('/imports/:id/rejected.geojson', async (ctx) => {
    const job = await jobOf(ctx);
    ctx.attachment(`import-${job.id}-rejected.geojson`);
    ctx.type = 'application/geo+json';
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = JSON.stringify(await rejectedFeaturesGeoJson(deps.pool, job.id));
  });

  return router;
}
