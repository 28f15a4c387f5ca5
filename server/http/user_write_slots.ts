import type Koa from 'koa';
import { HttpError } from './http_error';

/** Seconds a client refused for too many heavy writes is asked to wait. */
const retryAfterSeconds = 2;

/**
 * Bounds the heavy writes (parcel edits, splits, merges, imports, scan uploads) one user
 * has in flight in this server process, so one account cannot hold the staff pool: each
 * takes a slot of its user until it has finished, and one beyond `perUser` is a 429 with
 * Retry-After. Per process on purpose: what is protected is each process's own pool, and
 * a count in PostgreSQL would need a connection to refuse a request that must not get one.
 */
export class UserWriteSlots {
  private readonly taken = new Map<number, number>();
  constructor(readonly perUser: number) {}

  /** Takes a slot of `userId`, or throws the 429; call the returned function exactly once. */
  take(userId: number): () => void {
    const held = this.taken.get(userId) ?? 0;
    if (held >= this.perUser)
      throw new HttpError(
        429,
        `user ${userId} already has ${held} heavy writes (edits, splits, merges, imports, scan uploads) in flight; at most ${this.perUser} at once per user (DIAGIS_HEAVY_WRITES_PER_USER): retry when one has finished`,
        undefined,
        { 'Retry-After': String(retryAfterSeconds) },
      );
    this.taken.set(userId, held + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.taken.get(userId) ?? 1) - 1;
      if (left > 0) this.taken.set(userId, left);
      else this.taken.delete(userId);
    };
  }

  /**
   * Route middleware holding a slot of the signed-in user until the rest of the request
   * has run. Anonymous requests pass through: the route answers them 401.
   */
  middleware(): Koa.Middleware {
    return async (ctx, next) => {
      const principal = ctx.state.principal;
      if (!principal) return next();
      const release = this.take(principal.userId);
      try {
        await next();
      } finally {
        release();
      }
    };
  }
}
