import { z } from 'zod';
import { parcelFields } from '../core/api/import_job';
import { textEncodings } from './text/text_encoding';

/** What the caller may choose for one import; every key has a safe default. */
export const importOptionsSchema = z.object({
  /** Source CRS when the file does not say (or says wrongly): an EPSG code. */
  srid: z.number().int().positive().optional(),
  encoding: z.enum(textEncodings).optional(),
  /** Parcel attribute -> the file's attribute name, overriding the profile. */
  fieldMap: z.partialRecord(z.enum(parcelFields), z.string().min(1)).default({}),
  /** Commune code for files without a commune attribute. */
  communeCode: z
    .string()
    .regex(/^[0-9]{2,5}$/, 'must be 2-5 digits')
    .optional(),
  /** reject: any error refuses the file; quarantine: valid features go in, the rest wait; repair: also ST_MakeValid invalid geometry. */
  onError: z.enum(['reject', 'quarantine', 'repair']).default('quarantine'),
  /** An existing parcel with the same (commune, sheet, parcel) and other values: new version, or error. */
  onExisting: z.enum(['version', 'reject']).default('version'),
  dryRun: z.boolean().default(false),
  /** Largest difference between the area on record and the computed area, in percent. */
  areaTolerancePercent: z.number().min(0).max(100).default(5),
  /** Overlap with an existing parcel larger than this (m²) is an error. */
  overlapToleranceM2: z.number().min(0).default(1),
  /** Zone for sources in geographic coordinates (GeoJSON is WGS84). */
  defaultTargetSrid: z.number().int().default(9209),
  /** minLon, minLat, maxLon, maxLat of the province (default: Cần Thơ with Sóc Trăng and Hậu Giang, generously). */
  provinceBbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .default([105.0, 9.0, 106.6, 10.6]),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  maxZipEntries: z.number().int().positive().default(64),
  maxFeatures: z.number().int().positive().default(2_000_000),
  maxVertices: z.number().int().positive().default(100_000),
  maxRings: z.number().int().positive().default(1_000),
  maxDepth: z.number().int().positive().default(32),
  parseTimeoutMs: z.number().int().positive().default(300_000),
  previewSize: z.number().int().min(0).max(1000).default(10),
  /** The user running the import (audit, created_by). */
  userId: z.number().int().positive().optional(),
});

export type ImportOptions = z.input<typeof importOptionsSchema>;
export type ResolvedImportOptions = z.output<typeof importOptionsSchema>;
