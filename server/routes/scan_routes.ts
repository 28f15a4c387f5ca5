import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';
import type Koa from 'koa';
import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';
import { scanAbsolutePath } from '../../core/storage/scan_store_paths';
import { importScannedSheet } from '../../data-import/raster/scan_import';
import { fileInUse } from '../../data-import/raster/scan_write';
import { parseScanTileAddress } from '../../tiles/raster/scan_tile_address';
import { ScanTileService } from '../../tiles/raster/scan_tile_service';
import { type Action, can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import type { Config } from '../config';
import { HttpError } from '../http/http_error';
import type { UserWriteSlots } from '../http/user_write_slots';
import { idParam } from '../http/validate';
import { scanInputOf } from '../scans/scan_input';
import { deleteScan, findScan, listScans } from '../scans/scan_store';
import { receiveScanUpload } from '../scans/scan_upload';

export interface ScanRouteDeps {
  pool: pg.Pool;
  config: Readonly<Config>;
  /** Shared with whoever else must drop a sheet's tiles; one is made when absent. */
  tiles?: ScanTileService;
  /** An upload holds a slot of its user until it has been processed. */
  writeSlots: UserWriteSlots;
}

/** Uploads processed at once per server process; more get a 503 to retry. */
const maxConcurrentUploads = 2;

/** 401 when anonymous, 403 when the role may not `action`. Paper sheets show holders' names. */
function requireAction(principal: Principal | undefined, action: Action): Principal {
  if (!principal) throw new HttpError(401, 'sign in to see scanned map sheets');
  if (!can(principal, action)) {
    throw new HttpError(403, `role ${principal.role} may not ${action.replace(':', ' ')}`);
  }
  return principal;
}

/**
 * Scanned map sheets: POST/PUT /api/scanned-sheets[/{id}] (multipart upload, surveyors
 * and admins), GET /api/scanned-sheets[/{id}] (staff), DELETE /api/scanned-sheets/{id}
 * (admins) and raster tiles at GET /tiles/scans/{id}/{z}/{x}/{y}.png|.webp (staff).
 */
export function scanRoutes(deps: ScanRouteDeps): Router {
  const settings = deps.config.scans;
  const tiles =
    deps.tiles ??
    new ScanTileService({
      pool: deps.pool,
      storeDir: settings.dir,
      cacheBytes: settings.tileCacheBytes,
    });
  const router = new Router();
  let uploadsInFlight = 0;

  async function upload(ctx: Koa.Context, replaceId?: number) {
    const principal = requireAction(ctx.state.principal, 'import:run');
    if (uploadsInFlight >= maxConcurrentUploads) {
      throw new HttpError(
        503,
        'image: the server is busy with other scans; retry shortly',
        'image',
        {
          'Retry-After': '5',
        },
      );
    }
    uploadsInFlight++;
    const tempDir = join(settings.dir, 'tmp');
    let imagePath: string | undefined;
    try {
      await mkdir(tempDir, { recursive: true });
      const received = await receiveScanUpload(ctx.req, { tempDir, maxBytes: settings.maxBytes });
      imagePath = received.imagePath;
      const input = scanInputOf(
        { ...received, imagePath: received.imagePath as string },
        principal.userId,
      );
      const result = await importScannedSheet(
        deps.pool,
        { ...input, replaceId },
        {
          storeDir: settings.dir,
          maxPixels: settings.maxPixels,
          timeoutMs: settings.timeoutMs,
          maxRms: settings.maxRmsM,
          requestId: ctx.state.requestId,
        },
      );
      if (result.replaced) tiles.invalidate(result.id);
      ctx.status = result.replaced ? 200 : 201;
      ctx.body = { scannedSheet: await findScan(deps.pool, result.id) };
    } finally {
      uploadsInFlight--;
      if (imagePath) await rm(imagePath, { force: true });
    }
  }

  const heavy = deps.writeSlots.middleware();
  router.post('/api/scanned-sheets', heavy, (ctx) => upload(ctx));
  router.put('/api/scanned-sheets/:id', heavy, (ctx) => upload(ctx, idParam('id', ctx.params.id)));

  router.get('/api/scanned-sheets', async (ctx) => {
    requireAction(ctx.state.principal, 'parcel:read');
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.body = { scannedSheets: await listScans(deps.pool) };
  });

  router.get('/api/scanned-sheets/:id', async (ctx) => {
    requireAction(ctx.state.principal, 'parcel:read');
    const id = idParam('id', ctx.params.id);
    const scan = await findScan(deps.pool, id);
    if (!scan) throw new HttpError(404, `id: no scanned sheet has id ${id}`, 'id');
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.body = { scannedSheet: scan };
  });

  router.delete('/api/scanned-sheets/:id', async (ctx) => {
    const principal = requireAction(ctx.state.principal, 'import:run');
    // Removing a scan loses a georeferenced original: admins only (no policy action names it).
    if (principal.role !== 'admin')
      throw new HttpError(403, `role ${principal.role} may not delete scanned sheets`);
    const id = idParam('id', ctx.params.id);
    const write = { userId: principal.userId, requestId: ctx.state.requestId, source: 'import' };
    const filePath = await withTransaction(deps.pool, write, (client) => deleteScan(client, id));
    if (!filePath) throw new HttpError(404, `id: no scanned sheet has id ${id}`, 'id');
    tiles.invalidate(id);
    if (!(await fileInUse(deps.pool, filePath))) {
      await rm(scanAbsolutePath(settings.dir, filePath), { force: true });
    }
    ctx.status = 204;
  });

  router.get('/tiles/scans/:id/:z/:x/:file', async (ctx) => {
    requireAction(ctx.state.principal, 'parcel:read');
    const id = idParam('id', ctx.params.id);
    const { z, x, y, format } = parseScanTileAddress(
      ctx.params.z ?? '',
      ctx.params.x ?? '',
      ctx.params.file ?? '',
    );
    const tile = await tiles.tile(id, z, x, y, format);
    if (!tile) throw new HttpError(404, `id: no scanned sheet has id ${id}`, 'id');
    if (tile.source === 'memory') ctx.state.accessLogLevel = 'debug';
    ctx.set('Cache-Control', 'private, no-cache');
    ctx.set('Vary', 'Cookie');
    ctx.set('X-Tile-Cache', tile.source === 'memory' ? 'hit-memory' : 'miss');
    if (!tile.body) {
      ctx.status = 204;
      return;
    }
    ctx.set('ETag', tile.etag);
    if (ctx.headers['if-none-match'] === tile.etag) {
      ctx.status = 304;
      return;
    }
    ctx.set('Content-Type', format === 'png' ? 'image/png' : 'image/webp');
    ctx.body = tile.body;
  });

  return router;
}
