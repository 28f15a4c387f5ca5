import { z } from 'zod';
import { idKinds, idNumberProblem } from '../../core/registry/id_numbers';

/**
 * The data each register effect needs, as the officer records it on the dossier
 * (PUT /api/dossiers/{id}/register-request). Every rule names its field.
 */

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((text) => {
    // Date.parse rolls 2027-02-30 over to 2 March: a real date reads back the same.
    const day = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
  }, 'must be a real date');

const partyFields = {
  kind: z.enum(['person', 'household', 'organisation']).default('person'),
  fullName: z
    .string()
    .trim()
    .min(2, 'must be 2-200 characters')
    .max(200, 'must be 2-200 characters'),
  idKind: z.enum(idKinds).default('cccd'),
  idNumber: z.string().trim().toUpperCase(),
  address: z
    .string()
    .trim()
    .min(3, 'must be 3-300 characters')
    .max(300, 'must be 3-300 characters'),
  birthYear: z
    .number()
    .int()
    .min(1880, 'must be 1880-2100')
    .max(2100, 'must be 1880-2100')
    .optional(),
  /** Mã số thuế: the tax authority's key for the party (10 digits, or 13 for a branch). */
  taxId: z
    .string()
    .regex(/^\d{10}(-?\d{3})?$/, 'must be a tax identification number of 10 or 13 digits')
    .optional(),
};

const checkIdNumber = (
  party: { idKind: (typeof idKinds)[number]; idNumber: string },
  issues: z.core.$RefinementCtx,
) => {
  const rule = idNumberProblem(party.idKind, party.idNumber);
  if (rule) issues.addIssue({ code: 'custom', path: ['idNumber'], message: rule });
};

export const partySchema = z.strictObject(partyFields).superRefine(checkIdNumber);
export type PartyInput = z.infer<typeof partySchema>;

const holderSchema = z
  .strictObject({
    ...partyFields,
    /** The holder's share of the right, 0 < share ≤ 1; co-holders' shares add up to 1. */
    share: z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1').default(1),
  })
  .superRefine(checkIdNumber);
export type HolderInput = z.infer<typeof holderSchema>;

/** Co-holders whose shares add up to one whole right. */
const holders = (what: string) =>
  z
    .array(holderSchema, `must be a list of ${what}`)
    .min(1, `must name at least one of the ${what}`)
    .max(20, `must name at most 20 ${what}`)
    .superRefine((list, issues) => {
      const total = list.reduce((sum, holder) => sum + holder.share, 0);
      if (Math.abs(total - 1) > 1e-4) {
        issues.addIssue({
          code: 'custom',
          message: `shares must add up to 1 (they add up to ${Number(total.toFixed(4))})`,
        });
      }
    });

const contractSchema = z.strictObject({
  number: z.string().trim().min(1, 'must be 1-60 characters').max(60, 'must be 1-60 characters'),
  date: isoDate,
});

/** A new certificate's numbers: series and serial (số phát hành), register entry (số vào sổ). */
const newCertificateSchema = z.strictObject({
  serialNo: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2} ?\d{6,8}$/, 'must be two series letters and 6-8 digits, such as AB 123456'),
  registerNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9./-]{2,30}$/, 'must be 2-30 letters, digits, dots, slashes or dashes'),
});

const landUsesSchema = z
  .array(
    z.strictObject({
      code: z.string().regex(/^[A-Z]{2,4}$/, 'must be a land-use code such as ONT or LUC'),
      area: z.number().gt(0, 'must be more than 0').max(1e9, 'must be at most 1e9 m²'),
    }),
    'must be a list of land uses',
  )
  .min(1, 'must list at least one land use')
  .max(3, 'must list at most 3 land uses')
  .superRefine((uses, issues) => {
    const codes = uses.map((use) => use.code);
    if (new Set(codes).size !== codes.length) {
      issues.addIssue({ code: 'custom', message: 'must not repeat a land-use code' });
    }
  });

const termSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('long_term') }),
    z.strictObject({ kind: z.literal('until'), until: isoDate }),
  ],
  'must be {"kind":"long_term"} or {"kind":"until","until":"YYYY-MM-DD"}',
);

export const registerRequestSchemas = {
  first_registration: z.strictObject({
    holders: holders('holders'),
    originOfUse: z
      .string()
      .trim()
      .min(2, 'must be 2-300 characters')
      .max(300, 'must be 2-300 characters'),
    term: termSchema,
    /** The land uses the certificate records, when they differ from the parcel's. */
    landUses: landUsesSchema.optional(),
    certificate: newCertificateSchema,
  }),
  transfer: z.strictObject({
    recipients: holders('recipients'),
    contract: contractSchema,
    /** Endorse the current certificate, or replace it with a new one. */
    certificate: z.discriminatedUnion(
      'mode',
      [
        z.strictObject({ mode: z.literal('endorse') }),
        newCertificateSchema.extend({ mode: z.literal('new') }),
      ],
      'must be {"mode":"endorse"} or {"mode":"new","serialNo":…,"registerNo":…}',
    ),
  }),
  lease: z.strictObject({
    lessees: holders('lessees'),
    contract: contractSchema,
    termUntil: isoDate,
  }),
  mortgage: z.strictObject({
    creditor: z.strictObject({
      name: z
        .string()
        .trim()
        .min(2, 'must be 2-200 characters')
        .max(200, 'must be 2-200 characters'),
      idNumber: z
        .string()
        .regex(/^[A-Z0-9-]{6,20}$/, 'must be 6-20 capital letters, digits or dashes')
        .optional(),
    }),
    contract: contractSchema,
    securedAmount: z.number().int('must be whole VND').min(0).max(1e15).optional(),
  }),
  mortgage_release: z.strictObject({
    contractNo: z
      .string()
      .trim()
      .min(1, 'must be 1-60 characters')
      .max(60, 'must be 1-60 characters'),
  }),
  holder_info_change: z
    .strictObject({
      partyId: z.number('must be a party id').int().positive(),
      fullName: partyFields.fullName.optional(),
      idKind: z.enum(idKinds).optional(),
      idNumber: partyFields.idNumber.optional(),
      address: partyFields.address.optional(),
    })
    .superRefine((change, issues) => {
      if (!change.fullName && !change.idNumber && !change.address) {
        issues.addIssue({
          code: 'custom',
          message: 'must change at least one of fullName, idNumber, address',
        });
      }
      if ((change.idKind === undefined) !== (change.idNumber === undefined)) {
        issues.addIssue({
          code: 'custom',
          path: ['idNumber'],
          message: 'idKind and idNumber change together',
        });
      } else if (change.idKind && change.idNumber) checkIdNumber(change as never, issues);
    }),
  certificate_replacement: z.strictObject({ certificate: newCertificateSchema }),
  land_use_change: z.strictObject({ landUses: landUsesSchema }),
} as const;

export type RegisterEffect = keyof typeof registerRequestSchemas;
export type RegisterRequest<E extends RegisterEffect> = z.infer<(typeof registerRequestSchemas)[E]>;

export const registerEffects = Object.keys(registerRequestSchemas) as RegisterEffect[];
export const isRegisterEffect = (text: string): text is RegisterEffect =>
  (registerEffects as string[]).includes(text);
