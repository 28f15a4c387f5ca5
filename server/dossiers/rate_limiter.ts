import { LRUCache } from 'lru-cache';

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A fixed-window counter per key (the client address), kept in this process's memory and
 * bounded to `maxKeys` addresses. With several server instances each counts on its own,
 * so the effective limit is per instance; good enough to stop scripted guessing of
 * receipt codes, which are 80 random bits anyway.
 */
export class FixedWindowLimiter {
  private readonly windows: LRUCache<string, { count: number; resetAt: number }>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => Date,
    maxKeys = 50_000,
  ) {
    this.windows = new LRUCache({ max: maxKeys });
  }

  /** Counts one request for `key` and says whether it may go ahead. */
  hit(key: string): RateVerdict {
    const now = this.clock().getTime();
    const current = this.windows.get(key);
    const window =
      current && current.resetAt > now ? current : { count: 0, resetAt: now + this.windowMs };
    window.count++;
    this.windows.set(key, window);
    if (window.count <= this.limit) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now) / 1000)),
    };
  }
}
