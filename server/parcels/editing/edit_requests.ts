import { z } from 'zod';
import { areaGeometry, cutLine, inputCrs } from './geometry_input';
import { positionsWithinCrs } from './positions_within_crs';

// The bodies of the parcel writes (PATCH, create, split, merge, undo) and their `?dryRun`.

const positiveInt = z.number().int('must be a whole number').positive('must be positive');
const landUses = z
  .array(
    z
      .object({
        code: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter land-use code such as ONT'),
        area: z.number().positive('must be positive').max(1e9),
        originalCode: z.string().max(20).nullable().optional(),
      })
      .strict(),
  )
  .min(1, 'give at least one land use')
  .max(3, 'a parcel has at most three land uses');
const reason = z.string().trim().min(3, 'must say why, in 3-500 characters').max(500);
const common = {
  reason,
  crs: inputCrs,
  snap: z.boolean().default(true),
  dossierId: positiveInt.optional(),
};

export const patchBody = z
  .object({
    ...common,
    geometry: areaGeometry.optional(),
    sheetNo: positiveInt.optional(),
    parcelNo: positiveInt.optional(),
    legalArea: z.number().positive('must be positive').max(1e9).nullable().optional(),
    landAddress: z.string().trim().max(300).nullable().optional(),
    landUses: landUses.optional(),
  })
  .strict()
  .refine(
    (body) =>
      ['geometry', 'sheetNo', 'parcelNo', 'legalArea', 'landAddress', 'landUses'].some(
        (key) => key in body,
      ),
    {
      message:
        'change at least one of geometry, sheetNo, parcelNo, legalArea, landAddress, landUses',
      path: ['geometry'],
    },
  )
  .superRefine(
    positionsWithinCrs((body) => (body.geometry ? [[['geometry'], body.geometry]] : [])),
  );

export const createBody = z
  .object({
    ...common,
    communeId: positiveInt,
    sheetNo: positiveInt,
    parcelNo: positiveInt,
    geometry: areaGeometry,
    landUses,
    legalArea: z.number().positive('must be positive').max(1e9).nullable().optional(),
    landAddress: z.string().trim().max(300).nullable().optional(),
  })
  .strict()
  .superRefine(positionsWithinCrs((body) => [[['geometry'], body.geometry]]));

const childInput = z
  .object({ parcelNo: positiveInt.optional(), landUses: landUses.optional() })
  .strict();
export const splitBody = z
  .object({
    ...common,
    line: cutLine.optional(),
    parts: z.array(areaGeometry).min(2, 'a split needs at least two parts').max(20).optional(),
    children: z.array(childInput).max(20).default([]),
  })
  .strict()
  .refine((body) => (body.line === undefined) !== (body.parts === undefined), {
    message: 'give either line (a cutting LineString) or parts (the new polygons), not both',
    path: ['line'],
  })
  .superRefine(
    positionsWithinCrs((body) => [
      ...(body.line ? [[['line'], body.line] as const] : []),
      ...(body.parts ?? []).map((part, index) => [['parts', index], part] as const),
    ]),
  );

export const mergeBody = z
  .object({
    reason,
    dossierId: positiveInt.optional(),
    parcels: z
      .array(z.object({ parcelId: positiveInt, versionNo: positiveInt }).strict())
      .min(2, 'give at least two parcels')
      .max(20, 'merge at most 20 parcels at once')
      .refine(
        (list) => new Set(list.map((parcel) => parcel.parcelId)).size === list.length,
        'must not name a parcel twice',
      ),
    parcelNo: positiveInt.optional(),
    landUses: landUses.optional(),
  })
  .strict();

export const undoBody = z.object({ reason: reason.optional() }).strict();

export const dryRunQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .strict()
  .transform((query) => query.dryRun === 'true');
