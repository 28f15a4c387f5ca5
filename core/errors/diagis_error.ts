/**
 * The one error type of every floor below the HTTP layer. A library says *what* went
 * wrong with a code (and, for bad input, which field broke which rule); only
 * `server/http/error_status.ts` decides which HTTP status a code becomes. Martin keeps
 * its errors the same way: typed in the library, mapped to a response in one place.
 */
export type ErrorCode =
  /** The input breaks a rule; `field` names it (400). */
  | 'invalid_input'
  /** The thing asked for does not exist, or this caller may not know it exists (404). */
  | 'not_found'
  /** The request is valid but the stored state no longer allows it (409). */
  | 'conflict'
  /**
   * The caller's condition on the stored state no longer holds: the version it read is not
   * the current one (412). Added for a parcel edit whose If-Match names an old version.
   */
  | 'precondition_failed'
  /** The caller is known but may not do this (403). */
  | 'forbidden'
  /** The input is larger than the limit (413). */
  | 'too_large'
  /** The input is not of a type this endpoint reads (415). */
  | 'unsupported_type'
  /** The input is well formed but cannot be used as it is (422). */
  | 'unprocessable'
  /** The caller has done this too often; retry later (429). */
  | 'rate_limited'
  /** A service this needs is away or switched off; retry later (503). */
  | 'unavailable';

export interface DiagisErrorOptions {
  /** The input field that broke a rule, so forms and API clients can point at it. */
  field?: string | undefined;
  /** Extra members for the error body (a rule's name, a list of violations). */
  details?: Record<string, unknown> | undefined;
  /** Response headers the client needs (Retry-After). */
  headers?: Record<string, string> | undefined;
  cause?: unknown;
}

export class DiagisError extends Error {
  override name = 'DiagisError';
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DiagisErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** Bad input, named by field and rule: `username: must be 3-64 characters`. */
export const invalidInput = (field: string, rule: string): DiagisError =>
  new DiagisError('invalid_input', `${field}: ${rule}`, { field });
