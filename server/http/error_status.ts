import type { ErrorCode } from '../../core/errors/diagis_error';

/**
 * The one table from a library error code to the HTTP status the client gets. Routes do
 * not convert errors: they let a `DiagisError` reach `errorMiddleware`, which reads its
 * status here.
 */
export const STATUS_OF_ERROR_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};
