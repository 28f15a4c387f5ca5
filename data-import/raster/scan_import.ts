import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { withTransaction } from '../../core/db/transaction';
import { loadZoneDefinitions, zoneTransform } from '../../core/geo/zone_crs';
import { scanAbsolutePath, scanRelativePath } from '../../core/storage/scan_store_paths';
import { crsFromPrj } from '../crs/prj_crs';
import { normaliseSheet } from './normalise_sheet';
import { RasterInputError } from './raster_input_error';
import { fileInUse, insertScan, replaceScan, type ScanRow } from './scan_write';
import { defaultProvinceBox, type LonLatBox } from './sheet_footprint';
import { type GeorefSource, georeferenceSheet, type SheetGeoref } from './sheet_georef';
import { resolveSheetIdentity, type SheetReference } from './sheet_identity';

/** One scanned sheet to import. */
export interface ScanImportInput extends SheetReference {
  /** The image as uploaded (left in place; the caller removes it). */
  imagePath: string;
  fileName: string;
  georef: GeorefSource;
  /** Zone SRID; when absent, read from `prj`. */
  srid?: number | undefined;
  prj?: string | undefined;
  title?: string | undefined;
  userId?: number | undefined;
  /** Replace this scan (same id) instead of adding one. */
  replaceId?: number | undefined;
}

export interface ScanImportOptions {
  /** Folder of the normalised sheets. */
  storeDir: string;
  maxPixels: number;
  timeoutMs: number;
  /** Largest GCP RMS accepted, metres. */
  maxRms: number;
  provinceBox?: LonLatBox;
  /** Recorded by the audit log with the write. */
  requestId?: string | undefined;
}

export type ScanImportPhase = 'checking' | 'normalising' | 'placing' | 'storing' | 'done';

/** What an import did, for the API response and the CLI. */
export interface ScanImportResult {
  id: number;
  replaced: boolean;
  srid: number;
  width: number;
  height: number;
  georef: SheetGeoref;
  /** Old file paths (relative) no longer used by any scan, already deleted. */
  removedFiles: string[];
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The zone SRID from the explicit value or the .prj; unknown ones name the field. */
async function chooseZone(db: pg.Pool, input: ScanImportInput) {
  const zones = await loadZoneDefinitions(db);
  const accepted = [...zones.keys()].sort((a, b) => a - b).join(', ');
  let srid = input.srid;
  if (srid === undefined && input.prj !== undefined) {
    const kinds = [...zones.values()].map((z) => ({
      srid: z.srid,
      centralMeridian: z.centralMeridian,
      kind: z.kind,
    }));
    srid = crsFromPrj(input.prj, kinds)?.srid;
    if (srid === undefined || !zones.has(srid)) {
      throw new RasterInputError(
        'prj',
        `names no VN-2000 zone diagis knows; send srid (one of ${accepted})`,
        'unprocessable',
      );
    }
  }
  if (srid === undefined)
    throw new RasterInputError('srid', `is required (one of ${accepted}), or send a .prj`);
  const zone = zones.get(srid);
  if (!zone)
    throw new RasterInputError(
      'srid',
      `must be a VN-2000 zone diagis accepts (${accepted}), got ${srid}`,
    );
  return { srid, zone: zoneTransform(zone) };
}

/** Normalises the image into `output` in the worker; a refusal names the image and its reason. */
async function normalise(input: ScanImportInput, options: ScanImportOptions, output: string) {
  const outcome = await normaliseSheet(
    { input: input.imagePath, output, maxPixels: options.maxPixels },
    options.timeoutMs,
  );
  if (outcome.ok) return outcome;
  if (outcome.reason === 'failed') throw new Error(outcome.message);
  const code =
    outcome.reason === 'too_large'
      ? 'too_large'
      : outcome.reason === 'unsupported'
        ? 'unsupported_type'
        : 'unprocessable';
  throw new RasterInputError('image', `${input.fileName}: ${outcome.message}`, code);
}

/** Moves the normalised sheet to its place in the store, named by its SHA-256 (kept once). */
async function storeSheet(storeDir: string, tempPath: string) {
  const sha256 = await sha256Of(tempPath);
  const relative = scanRelativePath(sha256);
  const target = scanAbsolutePath(storeDir, relative);
  await mkdir(dirname(target), { recursive: true });
  if (existsSync(target)) await rm(tempPath, { force: true });
  else await rename(tempPath, target);
  return { sha256, relative, target, size: (await stat(target)).size };
}

/** Deletes a replaced scan's file when no scan uses it any more; lists what it deleted. */
async function removeUnusedFile(
  pool: pg.Pool,
  storeDir: string,
  oldPath: string | undefined,
  kept: string,
): Promise<string[]> {
  if (!oldPath || oldPath === kept || (await fileInUse(pool, oldPath))) return [];
  await rm(scanAbsolutePath(storeDir, oldPath), { force: true });
  return [oldPath];
}

/**
 * Imports one scanned sheet: checks the zone and the sheet reference, normalises the
 * image in a worker (pixel limit, timeout), places it by world file or GCPs (RMS limit,
 * inside the province), stores the normalised TIFF under its SHA-256 and records it in one
 * transaction (audited). Throws RasterInputError for input that breaks a rule.
 */
export async function importScannedSheet(
  pool: pg.Pool,
  input: ScanImportInput,
  options: ScanImportOptions,
  onProgress: (phase: ScanImportPhase) => void = () => {},
): Promise<ScanImportResult> {
  onProgress('checking');
  const { srid, zone } = await chooseZone(pool, input);
  const identity = await resolveSheetIdentity(pool, input);
  // Malformed world files and GCP sets are refused before the costly decode.
  georeferenceSheet(input.georef, {
    zone,
    width: 1,
    height: 1,
    maxRms: options.maxRms,
    provinceBox: [-180, -90, 180, 90],
  });

  onProgress('normalising');
  const tempPath = join(options.storeDir, 'tmp', `scan-${randomUUID()}.tif`);
  await mkdir(dirname(tempPath), { recursive: true });
  try {
    const outcome = await normalise(input, options, tempPath);

    onProgress('placing');
    const georef = georeferenceSheet(input.georef, {
      zone,
      width: outcome.width,
      height: outcome.height,
      maxRms: options.maxRms,
      provinceBox: options.provinceBox ?? defaultProvinceBox,
    });

    onProgress('storing');
    const stored = await storeSheet(options.storeDir, tempPath);
    const row: ScanRow = {
      identity,
      title: input.title ?? null,
      srid,
      georef,
      file: { path: stored.relative, sha256: stored.sha256, size: stored.size },
      source: {
        fileName: input.fileName,
        sha256: await sha256Of(input.imagePath),
        format: outcome.sourceFormat,
      },
      width: outcome.width,
      height: outcome.height,
      userId: input.userId ?? null,
    };
    const written = await write(pool, row, input, options.requestId).catch(async (error) => {
      if (!(await fileInUse(pool, stored.relative))) await rm(stored.target, { force: true });
      throw error;
    });
    const removedFiles = await removeUnusedFile(
      pool,
      options.storeDir,
      written.oldFilePath,
      stored.relative,
    );
    onProgress('done');
    return {
      id: written.id,
      replaced: input.replaceId !== undefined,
      srid,
      width: outcome.width,
      height: outcome.height,
      georef,
      removedFiles,
    };
  } finally {
    await rm(tempPath, { force: true });
  }
}

/** Inserts or replaces the row in one audited transaction. */
async function write(
  pool: pg.Pool,
  row: ScanRow,
  input: ScanImportInput,
  requestId: string | undefined,
): Promise<{ id: number; oldFilePath?: string }> {
  return withTransaction(
    pool,
    { userId: input.userId, requestId, source: 'import' },
    async (client) => {
      if (input.replaceId === undefined) return { id: await insertScan(client, row) };
      const replaced = await replaceScan(client, input.replaceId, row);
      if (!replaced)
        throw new RasterInputError('id', `no scanned sheet has id ${input.replaceId}`, 'not_found');
      return { id: input.replaceId, oldFilePath: replaced.oldFilePath };
    },
  );
}
