import type { ErrorCode } from '../../core/errors/diagis_error';

/**
 * How an error becomes an HTTP answer. Libraries and domain code (core/, tiles/,
 * data-import/, server/ outside server/http) throw a `DiagisError` with a code, and the
 * field, details and headers the client needs; they never pick a status. Only server/http
 * maps codes to statuses, with the one table below; routes do not convert errors, they let
 * them reach `errorMiddleware`. `HttpError` stays for the HTTP layer itself: a route that
 * refuses a request (401, 428, a busy 503) says the status it means. (Some server modules
 * still throw `HttpError`; new code below the routes throws `DiagisError`.)
 */
export const STATUS_OF_ERROR_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_input: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};
