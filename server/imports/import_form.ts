import { z } from 'zod';
import { parcelFields } from '../../core/api/import_job';
import { type ImportOptions, importOptionsSchema } from '../../data-import/import_options';
import { textEncodings } from '../../data-import/text/text_encoding';
import { parseInput } from '../http/validate';

const decimal = (max: number) =>
  z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?$/, 'must be a number')
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));

const fieldMapJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"sheet":"SOTO"}' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(parcelFields), z.string().min(1).max(64)));

/** The form fields of an import upload, as text, with the rule each must follow. */
const formSchema = z.object({
  srid: z
    .string()
    .regex(/^[1-9][0-9]{3,5}$/, 'must be an EPSG code such as 9209')
    .transform(Number)
    .optional(),
  encoding: z.enum(textEncodings).optional(),
  communeCode: z
    .string()
    .regex(/^[0-9]{2,5}$/, 'must be 2-5 digits')
    .optional(),
  onError: z.enum(['reject', 'quarantine', 'repair']).optional(),
  onExisting: z.enum(['version', 'reject']).optional(),
  dryRun: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  fieldMap: fieldMapJson.optional(),
  areaTolerancePercent: decimal(100).optional(),
  overlapToleranceM2: decimal(10_000).optional(),
});

/** Names of the text fields an import upload may carry. */
export const importFormFields = Object.keys(formSchema.shape);

/**
 * The importer's options from an upload's text fields (empty ones count as absent), plus
 * what the server decides: the user and the size limit. A 400 names the first bad field.
 */
export function importFormOptions(
  fields: Record<string, string>,
  server: { userId: number; maxBytes: number },
): ImportOptions {
  const given = Object.fromEntries(
    Object.entries(fields)
      .map(([name, value]) => [name, value.trim()])
      .filter(([, value]) => value !== ''),
  );
  const form = parseInput(formSchema, given, 'fields');
  const options = Object.fromEntries(
    Object.entries({ ...form, ...server }).filter(([, value]) => value !== undefined),
  ) as ImportOptions;
  // The library's own rules on top, so the API and the CLI refuse the same things.
  parseInput(importOptionsSchema, options, 'fields');
  return options;
}
