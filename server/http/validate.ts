import type { z } from 'zod';
import { invalidField } from './http_error';

/**
 * Parses untrusted input with a zod schema. On failure throws a 400 that names the
 * first offending field and the rule it broke (`password: is required`).
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what = 'body',
): z.infer<T> {
  // reportInput: zod 4 leaves the offending value out of its issues unless asked, and
  // without it a wrong value ("2026-01-01" for a year) would read as a missing one.
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : what;
  const rule =
    issue?.code === 'invalid_type' && issue.input === undefined
      ? 'is required'
      : (issue?.message ?? 'is invalid');
  throw invalidField(field, rule);
}

/** A positive integer path parameter, or a 400 naming it. */
export function idParam(name: string, raw: string | undefined): number {
  if (!raw || !/^[1-9][0-9]{0,14}$/.test(raw)) {
    throw invalidField(name, `must be a positive integer, got ${raw}`);
  }
  return Number(raw);
}
