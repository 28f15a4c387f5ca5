import pg from 'pg';
import { guardPoolClients } from '../core/db/client_errors';
import { publicSessionOptions } from '../core/db/public_session';

/** The two ways tile SQL reaches PostgreSQL. */
export interface TileDatabase {
  /** The server's own pool: staff tiles and the overview refresh (which writes). */
  pool: pg.Pool;
  /**
   * Connections that log in as the server's user but start every session as the
   * `diagis_public` role with read-only transactions (`-c role=... -c
   * default_transaction_read_only=on`): the guarantee of `asPublic`, held for the whole
   * session, so a public tile costs one round trip instead of four.
   */
  publicPool: pg.Pool;
}

/**
 * The server's pools, or when `shared` is not given, a public pool opened beside `pool`
 * (same server and credentials, at most as many connections; close it with
 * `publicPool.end()` when `pool` ends).
 */
export function openTileDatabase(pool: pg.Pool, shared?: pg.Pool): TileDatabase {
  if (shared) return { pool, publicPool: shared };
  const publicPool = new pg.Pool({
    ...pool.options,
    max: pool.options.max ?? 10,
    application_name: 'diagis-tiles-public',
    options: publicSessionOptions,
  });
  // The server's pool logs connection failures; these are the same failures, seen twice.
  guardPoolClients(publicPool, () => {});
  return { pool, publicPool };
}
