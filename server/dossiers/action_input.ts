import { z } from 'zod';
import type { ActionInput } from '../../core/dossiers/workflow';
import { invalidField } from '../http/http_error';
import { parseInput } from '../http/validate';

/**
 * Parses a JSON body with `schema`, refusing every field the schema does not name with a
 * 400 that names it: a forged `state`, `office_id` or `due_at` is never applied, the
 * workflow alone sets them.
 */
export function parseStrictBody<T extends z.ZodObject>(schema: T, body: unknown): z.infer<T> {
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw invalidField('body', 'must be a JSON object');
  }
  const known = new Set(Object.keys(schema.shape));
  for (const key of Object.keys(body ?? {})) {
    if (!known.has(key)) {
      throw invalidField(
        key,
        `unknown field; allowed: ${[...known].join(', ') || 'none'} (state, office and due date change only through workflow actions)`,
      );
    }
  }
  return parseInput(schema, body);
}

const note = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters');

/** The tax notice the tax authority sends back (thông báo nộp nghĩa vụ tài chính). */
export const taxNoticeSchema = z.object({
  noticeNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9/._-]{1,60}$/, 'must be 1-60 letters, digits or / . _ -'),
  amount: z
    .number('must be a number of VND')
    .int('must be whole VND')
    .min(0, 'must be >= 0')
    .max(1e15, 'must be at most 10^15 VND'),
  noticeDate: z.iso.date('must be a date YYYY-MM-DD'),
  note: note.optional(),
});
export type TaxNotice = z.infer<typeof taxNoticeSchema>;

/**
 * The citizen's payment of the notice (chứng từ nộp tiền): confirmed by the tax authority
 * with its payment reference, or recorded by an officer from the receipt the citizen shows.
 */
export const taxPaymentSchema = z.object({
  paymentRef: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9/._-]{1,60}$/, 'must be 1-60 letters, digits or / . _ -'),
  paidOn: z.iso.date('must be a date YYYY-MM-DD'),
  amount: z
    .number('must be a number of VND')
    .int('must be whole VND')
    .min(0, 'must be >= 0')
    .max(1e15, 'must be at most 10^15 VND')
    .optional(),
  note: note.optional(),
});
export type TaxPayment = z.infer<typeof taxPaymentSchema>;

const bodies = {
  none: z.object({ note: note.optional() }),
  note: z.object({ note }),
  target_office: z.object({
    targetOfficeId: z.number('must be an office id').int().positive(),
    note: note.optional(),
  }),
  assignee: z.object({
    assigneeUserId: z.number('must be a user id').int().positive().optional(),
    note: note.optional(),
  }),
  tax_notice: taxNoticeSchema,
  tax_payment: taxPaymentSchema,
} satisfies Record<ActionInput, z.ZodObject>;

/** What a workflow action request carries. */
export interface ActionRequest {
  note?: string | undefined;
  targetOfficeId?: number | undefined;
  assigneeUserId?: number | undefined;
  taxNotice?: TaxNotice | undefined;
  taxPayment?: TaxPayment | undefined;
}

/** Parses the body of an action whose transition takes `input`. */
export function parseActionBody(input: ActionInput, body: unknown): ActionRequest {
  if (input === 'tax_notice') {
    const notice = parseStrictBody(bodies.tax_notice, body);
    return { note: notice.note, taxNotice: notice };
  }
  if (input === 'tax_payment') {
    const payment = parseStrictBody(bodies.tax_payment, body);
    return { note: payment.note, taxPayment: payment };
  }
  return parseStrictBody(bodies[input], body) as ActionRequest;
}
