import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';
import { finalStates } from '../../core/dossiers/workflow';
import { attachmentPaths } from '../../core/storage/attachment_paths';
import type { Config } from '../config';
import { intakeFile } from '../dossiers/attachment_intake';
import { findAttachment, insertAttachment } from '../dossiers/attachment_store';
import { receiveUpload } from '../dossiers/attachment_upload';
import { requireStaff, visibleDossier } from '../dossiers/dossier_guards';
import { HttpError } from '../http/http_error';
import { idParam } from '../http/validate';

export interface AttachmentRouteDeps {
  pool: pg.Pool;
  config: Readonly<Config>;
  clock: () => Date;
}

/** Uploads handled at once per server process; more wait for a 503 and retry. */
const maxConcurrentUploads = 2;

/**
 * POST /api/dossiers/{id}/attachments (multipart, field `file`): stores a PDF, JPEG, PNG
 * or TIFF judged by content; GET .../attachments/{attachmentId} and .../thumbnail serve
 * it as a download to users who may see the dossier.
 */
export function attachmentRoutes(deps: AttachmentRouteDeps): Router {
  const router = new Router({ prefix: '/api' });
  const settings = deps.config.dossiers;
  const tempDir = join(settings.attachmentsDir, 'tmp');
  let uploadsInFlight = 0;

  router.post('/dossiers/:id/attachments', async (ctx) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:act');
    const id = idParam('id', ctx.params.id);
    const dossier = await visibleDossier(deps.pool, principal, id, ctx.state.log, 'attachment');
    if (principal.role !== 'admin' && principal.office?.id !== dossier.currentOfficeId) {
      throw new HttpError(
        403,
        `attachments: the dossier is at office ${dossier.currentOfficeCode}; only that office may add files`,
      );
    }
    if (finalStates.includes(dossier.state)) {
      throw new HttpError(
        409,
        `attachments: the dossier is ${dossier.state}; no files can be added`,
      );
    }
    if (uploadsInFlight >= maxConcurrentUploads) {
      throw new HttpError(
        503,
        'attachments: the server is busy with other uploads; retry shortly',
        undefined,
        {
          'Retry-After': '5',
        },
      );
    }
    uploadsInFlight++;
    try {
      await mkdir(tempDir, { recursive: true });
      const received = await receiveUpload(ctx.req, {
        tempDir,
        maxBytes: settings.attachmentMaxBytes,
      });
      const stored = await intakeFile(received, {
        dir: settings.attachmentsDir,
        maxPixels: settings.imageMaxPixels,
        timeoutMs: settings.imageTimeoutMs,
      });
      const write = { userId: principal.userId, requestId: ctx.state.requestId, source: 'dossier' };
      const row = await withTransaction(deps.pool, write, (client) =>
        insertAttachment(
          client,
          {
            dossierId: id,
            fileName: received.fileName,
            documentKind: received.documentKind ?? null,
            ...stored,
          },
          principal.userId,
          deps.clock(),
        ),
      );
      ctx.status = 201;
      const { sha256: _hash, ...shown } = row;
      ctx.body = { attachment: shown };
    } finally {
      uploadsInFlight--;
    }
  });

  const serve = async (ctx: Koa.Context, thumbnail: boolean) => {
    const principal = requireStaff(ctx.state.principal, 'dossier:read');
    const id = idParam('id', ctx.params.id);
    const attachmentId = idParam('attachmentId', ctx.params.attachmentId);
    await visibleDossier(deps.pool, principal, id, ctx.state.log, 'attachment');
    const row = await findAttachment(deps.pool, id, attachmentId);
    if (!row)
      throw new HttpError(404, `attachment ${attachmentId} of dossier ${id} does not exist`);
    if (thumbnail && !row.hasThumbnail) {
      throw new HttpError(
        404,
        `attachment ${attachmentId} has no thumbnail (only images have one)`,
      );
    }
    const paths = attachmentPaths(settings.attachmentsDir, row.sha256);
    const name = thumbnail ? `${row.fileName.replace(/\.[^.]*$/, '')}-thumbnail.jpg` : row.fileName;
    // attachment() guesses a type from the name; the stored type replaces it right after.
    ctx.attachment(name);
    ctx.type = thumbnail ? 'image/jpeg' : row.mediaType;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = createReadStream(thumbnail ? paths.thumbnail : paths.file);
  };

  router.get('/dossiers/:id/attachments/:attachmentId', (ctx) => serve(ctx, false));
  router.get('/dossiers/:id/attachments/:attachmentId/thumbnail', (ctx) => serve(ctx, true));

  return router;
}
