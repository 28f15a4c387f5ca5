import pg from 'pg';
import {
  changeChannel,
  changesSince,
  parseChangeNotice,
  pruneChangeLog,
  type TileChange,
} from './change_log';

/** Where the feed reports; a pino logger fits. */
export interface FeedLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** How a ChangeFeed connects and whom it tells. */
export interface ChangeFeedOptions {
  /** Connection settings of the dedicated LISTEN client (not taken from the pool). */
  connection: pg.ClientConfig;
  /** Called for every change, from NOTIFY or from a replay after (re)connecting. */
  onChange: (change: TileChange) => void;
  /** Called when the connection is lost: changes may be missed until the next sync. */
  onLost: () => void;
  /** Called with each new snapshot after a sync, to persist it beside a disk cache. */
  onSnapshot?: (snapshot: string) => void;
  /** The snapshot the cache was last in step with (from disk), if any. */
  since?: string | undefined;
  logger: FeedLogger;
  /** application_name of the LISTEN connection, to tell instances apart in pg_stat_activity. */
  applicationName?: string;
  /** How often to replay from the log as a safety net (and prune it hourly). */
  syncIntervalMs?: number;
}

/**
 * LISTENs on `diagis_tiles` on a dedicated client. On every (re)connection it first
 * replays from `tiles.change_log` what happened since its last snapshot, so nothing is
 * missed while it was away; it reconnects with backoff after the database restarts and
 * never throws into the process.
 */
export class ChangeFeed {
  private client: pg.Client | undefined;
  private snapshot: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private synced = false;
  private attempts = 0;
  private lastPrune = 0;
  private syncing: Promise<void> = Promise.resolve();
  private readonly gone = new WeakSet<pg.Client>();
  private firstSync: Promise<void>;
  private resolveFirst: () => void = () => {};

  constructor(private readonly options: ChangeFeedOptions) {
    this.snapshot = options.since;
    this.firstSync = new Promise((resolve) => {
      this.resolveFirst = resolve;
    });
    void this.connect();
  }

  /** True while connected and in step with the change log. */
  get inStep(): boolean {
    return this.synced && !this.closed;
  }

  /** Resolves once the first sync is done, or after `timeoutMs`, whichever comes first. */
  ready(timeoutMs: number): Promise<void> {
    return Promise.race([
      this.firstSync,
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
  }

  /** Replays from the log now, over the feed's client or `fallback` when disconnected. */
  syncNow(fallback: pg.Pool): Promise<void> {
    return this.sync(this.synced && this.client ? this.client : fallback);
  }

  /** Stops listening and closes the client. */
  async close(): Promise<void> {
    this.closed = true;
    this.synced = false;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      ...this.options.connection,
      application_name: this.options.applicationName ?? 'diagis-tiles-feed',
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    client.on('notification', (message) => {
      const change =
        message.channel === changeChannel ? parseChangeNotice(message.payload) : undefined;
      if (change) this.options.onChange(change);
    });
    try {
      await client.connect();
      if (this.closed) return void (await client.end());
      this.client = client;
      await client.query(`LISTEN ${changeChannel}`);
      await this.sync(client);
      this.synced = true;
      this.attempts = 0;
      this.resolveFirst();
      this.options.logger.info({ channel: changeChannel }, 'tile change feed listening');
      this.schedule(this.options.syncIntervalMs ?? 30_000, () => this.periodicSync(client));
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private async periodicSync(client: pg.Client): Promise<void> {
    if (this.client !== client || this.closed) return;
    try {
      await this.sync(client);
      if (Date.now() - this.lastPrune > 3_600_000) {
        this.lastPrune = Date.now();
        await pruneChangeLog(client);
      }
      this.schedule(this.options.syncIntervalMs ?? 30_000, () => this.periodicSync(client));
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private sync(db: pg.ClientBase | pg.Pool): Promise<void> {
    const run = this.syncing
      .catch(() => {})
      .then(async () => {
        const { snapshot, changes } = await changesSince(db, this.snapshot);
        for (const change of changes) this.options.onChange(change);
        if (snapshot !== this.snapshot) this.options.onSnapshot?.(snapshot);
        this.snapshot = snapshot;
      });
    this.syncing = run;
    return run;
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.gone.has(client)) return;
    this.gone.add(client);
    if (this.client === client) this.client = undefined;
    client.end().catch(() => {});
    if (this.closed) return;
    this.synced = false;
    this.options.onLost();
    this.attempts++;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(this.attempts, 7));
    this.options.logger.warn(
      { err: { message: error.message }, retryInMs: delay },
      'tile change feed lost; reconnecting',
    );
    this.schedule(delay, () => this.connect());
  }

  private schedule(ms: number, task: () => Promise<void>): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void task(), ms);
    this.timer.unref();
  }
}
