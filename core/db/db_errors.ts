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
 * How PostGIS 3 reports a GEOS or liblwgeom computation stopped by the statement timeout:
 * PostGIS asks GEOS to abort on PostgreSQL's cancel signal, and some functions then raise
 * XX000 instead of 57014: `lwgeom_snap: GEOS Error: InterruptedException: Interrupted!`,
 * or only `GEOS isvalid() threw an error!` / `GEOS isvaliddetail() threw an exception!`
 * (the GEOS message is dropped). GEOS's validity checks report every topology problem as
 * a result and throw only when interrupted, so those two are read as a timeout as well.
 */
const geosInterrupted =
  /InterruptedException|code interrupted|^GEOS isvalid(detail|reason)?\(\) threw an (error|exception)!$/;

/**
 * Whether `error` is a statement cancelled by the statement timeout (or a cancel
 * request): SQLSTATE 57014, or XX000 from PostGIS when the cancel stopped it inside GEOS.
 */
export function isStatementTimeout(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  return code === '57014' || (code === 'XX000' && geosInterrupted.test(message));
}

/**
 * Recognises the errors that mean "the database is not answering" (connection lost,
 * server shutting down or starting, pool exhausted) or "the query ran too long" (the
 * statement timeout, also when it stops PostGIS inside GEOS), so the error middleware can
 * answer 503/504 instead of a generic 500.
 */
export function classifyDbError(error: unknown): DbFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  if (isStatementTimeout(error))
    return { status: 504, message: 'the database query took too long' };
  if (
    unavailableCodes.has(code) ||
    // Class 08 is "connection exception"; 08P01 (protocol violation) is our bug, not an outage.
    (code.startsWith('08') && code !== '08P01') ||
    code === '57P01' ||
    code === '57P02' ||
    code === '57P03' ||
    code === '53300' ||
    // A query on a hot standby cancelled by WAL replay: the next try usually succeeds.
    (code === '40001' && /conflict with recovery/i.test(message)) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return { status: 503, message: 'the database is not available; try again shortly' };
  }
  return undefined;
}
