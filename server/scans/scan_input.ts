import { z } from 'zod';
import type { ScanImportInput } from '../../data-import/raster/scan_import';
import { invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';
import type { ScanUpload } from './scan_upload';

const positive = (what: string) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, `must be a positive whole number${what}`)
    .transform(Number);

const fields = z.object({
  srid: z
    .string()
    .regex(/^[0-9]{4,6}$/, 'must be an EPSG code such as 9209')
    .transform(Number)
    .optional(),
  mapSheetId: positive('').optional(),
  communeCode: z
    .string()
    .regex(/^[0-9]{5}$/, 'must be a five-digit commune code')
    .optional(),
  sheetNo: positive(' (the sheet number in its commune)').optional(),
  title: z.string().trim().min(1).max(200, 'must be at most 200 characters').optional(),
  world: z.string().optional(),
  gcp: z.string().optional(),
  prj: z.string().optional(),
});

/**
 * The import input of an upload: one of `world` (world file text) or `gcp` (control point
 * JSON), a zone from `srid` or `prj`, and the optional sheet reference. 400 naming the
 * field when a rule is broken.
 */
export function scanInputOf(
  upload: ScanUpload & { imagePath: string },
  userId: number,
): ScanImportInput {
  const parsed = parseInput(fields, upload.fields);
  const world = parsed.world?.trim() ? parsed.world : undefined;
  const gcp = parsed.gcp?.trim() ? parsed.gcp : undefined;
  if (world && gcp)
    throw invalidField('gcp', 'send either a world file or control points, not both');
  if (!world && !gcp) {
    throw invalidField(
      'world',
      'is required: a world file (.jgw, .pgw, .tfw, .wld) in "world", or control points (JSON) in "gcp"',
    );
  }
  if (parsed.srid === undefined && !parsed.prj?.trim()) {
    throw invalidField(
      'srid',
      'is required: the VN-2000 zone of the coordinates (e.g. 9209), or send a .prj in "prj"',
    );
  }
  return {
    imagePath: upload.imagePath,
    fileName: upload.fileName,
    georef: world ? { kind: 'world', text: world } : { kind: 'gcp', text: gcp ?? '' },
    srid: parsed.srid,
    prj: parsed.prj,
    mapSheetId: parsed.mapSheetId,
    communeCode: parsed.communeCode,
    sheetNo: parsed.sheetNo,
    title: parsed.title,
    userId,
  };
}
