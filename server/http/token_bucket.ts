import { LRUCache } from 'lru-cache';

/** Whether a request may go ahead, and if not, how long the client should wait. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per key (the client address) in this process's memory, bounded to
 * `maxKeys` addresses: up to `perMinute` requests at once, refilled at `perMinute` a
 * minute. Several server instances each count on their own. Used for every anonymous
 * budget: the public routes and the dossier tracking lookups.
 */
export class TokenBucketLimiter {
  private readonly buckets: LRUCache<string, { tokens: number; at: number }>;

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => Date,
    maxKeys = 50_000,
  ) {
    this.buckets = new LRUCache({ max: maxKeys });
  }

  /** Takes one token for `key`; says how long to wait when there is none. */
  take(key: string): RateVerdict {
    const now = this.clock().getTime();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / ratePerMs / 1000)),
    };
  }
}
