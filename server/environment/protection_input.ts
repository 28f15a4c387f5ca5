import { z } from 'zod';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const position = z
  .array(z.number('must be a number').finite('must be finite'))
  .min(2, 'a position needs longitude and latitude')
  .max(3);
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');

/** Where the project is: a point or a polygon in WGS84 (GeoJSON). */
const location = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Point'), coordinates: position }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(z.array(ring).min(1)).min(1),
    }),
  ],
  { error: 'must be a GeoJSON Point, Polygon or MultiPolygon in WGS84' },
);

export const recordKinds = ['commitment', 'scheme', 'plan'] as const;
export const recordStatuses = [
  'submitted',
  'approved',
  'in_force',
  'expired',
  'revoked',
  'rejected',
] as const;

const fields = {
  kind: z.enum(recordKinds, 'must be commitment (cam kết), scheme (đề án) or plan (kế hoạch)'),
  projectName: text(300),
  ownerKind: z.enum(['organisation', 'individual'], 'must be organisation or individual'),
  ownerName: text(300),
  ownerAddress: text(500).nullable().optional(),
  ownerContact: text(200).nullable().optional(),
  communeCode: z
    .string()
    .regex(/^[0-9]{5}$/, 'must be a 5-digit commune code')
    .nullable()
    .optional(),
  location,
  approvingBody: text(300),
  decisionNo: z
    .string()
    .trim()
    .regex(/^[\p{L}0-9/._ -]{1,60}$/u, 'must be 1-60 letters, digits or / . _ -')
    .nullable()
    .optional(),
  decisionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .nullable()
    .optional(),
  status: z
    .enum(recordStatuses, `must be one of ${recordStatuses.join(', ')}`)
    .default('submitted'),
  note: text(2000).nullable().optional(),
};

/** A whole record; a decided status needs the decision number and date. */
export const protectionRecordSchema = z
  .object(fields)
  .strict()
  .superRefine((record, ctx) => {
    if (record.status === 'submitted' || record.status === 'rejected') return;
    for (const key of ['decisionNo', 'decisionDate'] as const) {
      if (!record[key])
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is required when status is ${record.status}`,
        });
    }
  });
export type ProtectionRecordInput = z.infer<typeof protectionRecordSchema>;

/** A change to some fields; merged with the stored record and checked whole. */
export const protectionPatchSchema = z.object(fields).partial().strict();
