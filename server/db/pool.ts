import pg from 'pg';
import { guardPoolClients } from '../../core/db/client_errors';
import { publicSessionOptions } from '../../core/db/public_session';
import type { Logger } from '../logger';

// Return numeric and bigint columns as JS numbers where they fit; ids stay strings
// otherwise. int8 (20) ids in diagis stay far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

export interface PoolSettings {
  connectionString: string;
  size: number;
  statementTimeoutMs: number;
}

/**
 * A pg pool that survives the database going away: errors on idle and checked-out
 * clients are logged instead of crashing the process, the request whose connection died
 * answers 503, broken clients are discarded, and new requests get fresh connections once
 * the database is back. `public` opens the pool of anonymous reads (portal, public OGC,
 * public tiles): its sessions run as `diagis_public`, read-only, and staff requests never
 * take its connections, so writes that fill the staff pool cannot starve the portal.
 */
export function createPool(
  settings: PoolSettings,
  logger: Logger,
  audience: 'staff' | 'public' = 'staff',
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.size,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: settings.statementTimeoutMs,
    application_name: audience === 'public' ? 'diagis-public' : 'diagis',
    ...(audience === 'public' ? { options: publicSessionOptions } : {}),
  });
  return guardPoolClients(pool, (error) => {
    logger.warn(
      { err: { message: error.message, code: error.code } },
      'database connection failed',
    );
  });
}
