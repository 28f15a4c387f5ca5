import type pg from 'pg';

/** What a pool reports when one of its connections fails. */
export type ClientErrorListener = (error: Error & { code?: string }) => void;

/**
 * Gives every connection of `pool` a permanent `error` listener, checked out or idle.
 *
 * pg's pool listens for errors only on idle clients. A client checked out with
 * `pool.connect()` whose backend is terminated (`pg_terminate_backend`, a fast shutdown,
 * a failover) first fails its running query with 57P01, then emits `error` for the
 * closed socket; with no listener that event kills the process. With this listener the
 * failure reaches the request through its query (the next one on that client rejects
 * with "not queryable"), the request answers 503, and the broken client is discarded on
 * release because pg marks it not queryable.
 */
export function guardPoolClients(pool: pg.Pool, onError: ClientErrorListener): pg.Pool {
  pool.on('connect', (client) => {
    client.on('error', onError);
  });
  // Idle clients report through the pool; without a listener that also kills the process.
  pool.on('error', onError);
  return pool;
}
