import { readFileSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';

const takeTokensSql = readFileSync(new URL('./take_tokens.sql', import.meta.url), 'utf8');

// A bucket left alone for a minute has refilled completely (it refills its size a minute),
// which is the same as having no row.
const sweepSql =
  "DELETE FROM throttle.bucket WHERE budget = $1 AND refilled_at < now() - interval '1 minute'";

/** Whether a request may go ahead, and if not, how long the client should wait. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface SharedTokenBucketOptions {
  pool: pg.Pool;
  /** Name of the budget (`api`, `tiles`, `tracking`); budgets never share tokens. */
  budget: string;
  /** Size of each client's bucket, and how many tokens it refills a minute. */
  perMinute: number;
  /** Tokens reserved from PostgreSQL at a time (default perMinute / 50, at least 1; 1 is exact). */
  block?: number;
  /** How long reserved tokens stay usable in this process, in ms (default 2000). */
  holdMs?: number;
  /** Client addresses remembered in this process (default 50,000). */
  maxKeys?: number;
  /** Monotonic milliseconds for the local hold (default `performance.now`). */
  now?: () => number;
  /** Told when deleting full buckets fails; the next sweep, a minute later, tries again. */
  onSweepError?: (error: Error) => void;
}

interface LocalTokens {
  tokens: number;
  usableUntil: number;
  refusedUntil: number;
  /** The reservation in flight for this key; other requests wait for it instead of asking too. */
  asking?: Promise<void>;
}

/**
 * A token bucket per key (the client address) held in PostgreSQL (`throttle.bucket`), so
 * every server process draws on the same budget: up to `perMinute` requests at once,
 * refilled at `perMinute` a minute on the database clock.
 *
 * Each process reserves `block` tokens per round trip and spends them locally for at most
 * `holdMs`, so most requests never wait for the database. Limits of that trade: a client
 * never gets more than one bucket would give it plus `holdMs` worth of refill, and a
 * client spread over N processes can be refused while up to N - 1 blocks it was granted
 * sit unused in other processes (they lapse after `holdMs`). With `block` 1 every request
 * asks PostgreSQL and the limit is exact. A refused key is not asked about again until a
 * token is due. Database errors propagate (the request answers 503).
 */
export class SharedTokenBucket {
  private readonly local: LRUCache<string, LocalTokens>;
  private readonly block: number;
  private readonly holdMs: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(private readonly options: SharedTokenBucketOptions) {
    this.local = new LRUCache({ max: options.maxKeys ?? 50_000 });
    this.block = Math.max(1, Math.floor(options.block ?? options.perMinute / 50));
    this.holdMs = options.holdMs ?? 2_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Takes one token for `key`; says how long to wait when there is none. */
  async take(key: string): Promise<RateVerdict> {
    for (;;) {
      let local = this.local.get(key);
      if (!local) {
        local = { tokens: 0, usableUntil: 0, refusedUntil: 0 };
        this.local.set(key, local);
      }
      if (local.asking) {
        await local.asking;
        continue;
      }
      const now = this.now();
      if (local.tokens >= 1 && now < local.usableUntil) {
        local.tokens -= 1;
        return { allowed: true };
      }
      if (now < local.refusedUntil) return this.refusal(local.refusedUntil - now);
      const granted = await this.reserve(key, local);
      if (granted === 0) return this.refusal(local.refusedUntil - this.now());
      // Requests that waited for this reservation may have spent it; then ask again.
      if (local.tokens >= 1) {
        local.tokens -= 1;
        return { allowed: true };
      }
    }
  }

  private async reserve(key: string, local: LocalTokens): Promise<number> {
    const query = this.options.pool.query<{ granted: number; tokens: number }>(takeTokensSql, [
      this.options.budget,
      key,
      this.block,
      this.options.perMinute,
    ]);
    local.asking = query.then(
      () => undefined,
      () => undefined,
    );
    try {
      const row = (await query).rows[0];
      const granted = Number(row?.granted ?? 0);
      const now = this.now();
      local.tokens = granted;
      local.usableUntil = now + this.holdMs;
      if (granted === 0) {
        const perMs = this.options.perMinute / 60_000;
        local.refusedUntil = now + (1 - Number(row?.tokens ?? 0)) / perMs;
      }
      this.sweepNow(now);
      return granted;
    } finally {
      local.asking = undefined;
    }
  }

  private refusal(waitMs: number): RateVerdict {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  // At most once a minute per process and budget; not awaited, the request does not wait.
  private sweepNow(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    this.options.pool.query(sweepSql, [this.options.budget]).catch((error: Error) => {
      this.options.onSweepError?.(error);
    });
  }
}
