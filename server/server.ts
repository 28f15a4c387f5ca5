import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type pg from 'pg';
import type { Logger } from './logger';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting connections, waits for requests in flight, then closes the pools. */
  close(): Promise<void>;
}

/**
 * Listens on host:port (port 0 picks a free one) and resolves once it accepts connections;
 * `pools` (staff and public) are closed on shutdown.
 */
export async function listen(
  app: Koa,
  pools: readonly pg.Pool[],
  logger: Logger,
  address: { host: string; port: number },
): Promise<RunningServer> {
  const server = createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost =
    address.host === '0.0.0.0' || address.host === '127.0.0.1' ? 'localhost' : address.host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      logger.info('shutting down: waiting for requests in flight');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await Promise.all(pools.map((pool) => pool.end()));
      logger.info('stopped');
    })();
    return closing;
  };
  return { server, url: `http://${shownHost}:${port}`, close };
}

/** Closes the server gracefully on SIGINT/SIGTERM, then exits. */
export function closeOnSignals(running: RunningServer, logger: Logger): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'signal received');
    running.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
