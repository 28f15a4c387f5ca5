import { isDeepStrictEqual } from 'node:util';

/**
 * Runs `observe` between two runs of `read` until both reads agree, so that what is read
 * while other test files change the shared database is compared only with an answer given
 * while it held. Throws after `tries` attempts that all saw a change.
 */
export async function betweenEqualReads<R, T>(
  read: () => Promise<R>,
  observe: () => Promise<T>,
  tries = 10,
): Promise<{ read: R; observed: T }> {
  let changes = 0;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const before = await read();
    const observed = await observe();
    const after = await read();
    if (isDeepStrictEqual(before, after)) return { read: before, observed };
    changes += 1;
  }
  throw new Error(`what was read changed around the observation ${changes} times`);
}

/** `betweenEqualReads` for a count: the count that held around `observe`, and its answer. */
export async function betweenEqualCounts<T>(
  count: () => Promise<number>,
  observe: () => Promise<T>,
  tries = 10,
): Promise<{ count: number; observed: T }> {
  const { read, observed } = await betweenEqualReads(count, observe, tries);
  return { count: read, observed };
}
