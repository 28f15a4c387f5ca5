import pg from 'pg';
import { guardPoolClients } from '../core/db/client_errors';

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
 * Opens the public pool beside `pool` (same server and credentials, at most as many
 * connections). Close it with `publicPool.end()` when `pool` ends.
 */
export function openTileDatabase(pool: pg.Pool): TileDatabase {
  const publicPool = new pg.Pool({
    ...pool.options,
    max: pool.options.max ?? 10,
    application_name: 'diagis-tiles-public',
    options: '-c role=diagis_public -c default_transaction_read_only=on',
  });
  // The server's pool logs connection failures; these are the same failures, seen twice.
  guardPoolClients(publicPool, () => {});
  return { pool, publicPool };
}
