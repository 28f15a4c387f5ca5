/** What an HTTP client should be told about a database failure. */
export interface DbFailure {
  status: 503 | 504;
  message: string;
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);

/**
 * Recognises the errors that mean "the database is not answering" (connection lost,
 * server shutting down or starting, pool exhausted) or "the query ran too long", so the
 * error middleware can answer 503/504 instead of a generic 500.
 */
export function classifyDbError(error: unknown): DbFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  if (code === '57014') return { status: 504, message: 'the database query took too long' };
  if (
    unavailableCodes.has(code) ||
    // Class 08 is "connection exception"; 08P01 (protocol violation) is our bug, not an outage.
    (code.startsWith('08') && code !== '08P01') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300' ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return { status: 503, message: 'the database is not available; try again shortly' };
  }
  return undefined;
}
