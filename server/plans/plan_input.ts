import { z } from 'zod';
import { calendarDay } from '../http/date_params';

const year = z
  .number('must be a year')
  .int('must be a year')
  .min(2000, 'must be 2000-2100')
  .max(2100, 'must be 2000-2100');
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const position = z
  .array(z.number('must be a number').finite('must be finite'))
  .min(2, 'a position needs x and y')
  .max(3, 'a position has at most 3 numbers');
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
const multiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});
/** A Polygon or MultiPolygon geometry (GeoJSON). */
export const zoneGeometry = z.discriminatedUnion('type', [polygon, multiPolygon], {
  error: 'must be a Polygon or MultiPolygon',
});

const landUseCode = z.string().regex(/^[A-Z]{3}$/, 'must be a land-use code such as ONT');

/** One plan zone as a GeoJSON feature; unknown properties are ignored. */
const zoneFeature = z.object({
  type: z.literal('Feature'),
  geometry: zoneGeometry,
  properties: z.object({
    planned_use_code: landUseCode,
    name: text(200).nullish(),
    commune_code: z
      .string()
      .regex(/^[0-9]{5}$/, 'must be a 5-digit commune code')
      .nullish(),
    withheld: z.boolean('must be true or false').optional(),
  }),
});

/**
 * Zones to import: a GeoJSON FeatureCollection, with two foreign members: `crs`, the SRID
 * the coordinates are in (default 4326, WGS84 longitude/latitude; or a VN-2000 SRID), and
 * `replace` (drop the plan's zones first).
 */
export const zoneImportSchema = z.object({
  type: z.literal('FeatureCollection'),
  crs: z.number().int().positive().default(4326),
  replace: z.boolean().default(false),
  features: z.array(zoneFeature).min(1, 'must hold at least one zone').max(5000),
});
export type ZoneImport = z.infer<typeof zoneImportSchema>;

export const newPlanSchema = z.object({
  name: text(200),
  kind: z.enum(['master_plan', 'annual_plan'], 'must be master_plan or annual_plan'),
  periodStart: year,
  periodEnd: year,
});
export type NewPlan = z.infer<typeof newPlanSchema>;

export const planUpdateSchema = newPlanSchema.partial();
export type PlanUpdate = z.infer<typeof planUpdateSchema>;

export const publishSchema = z.object({
  decisionNo: z
    .string()
    .trim()
    .regex(/^[\p{L}0-9/._ -]{1,60}$/u, 'must be 1-60 letters, digits or / . _ -'),
  decisionDate: calendarDay,
  approvedBy: text(200).optional(),
});
export type Publication = z.infer<typeof publishSchema>;

export const withdrawSchema = z.object({ reason: text(2000) });

export const zoneUpdateSchema = z.object({
  plannedUseCode: landUseCode.optional(),
  name: text(200).nullable().optional(),
  withheld: z.boolean('must be true or false').optional(),
  geometry: zoneGeometry.optional(),
});
export type ZoneUpdate = z.infer<typeof zoneUpdateSchema>;
