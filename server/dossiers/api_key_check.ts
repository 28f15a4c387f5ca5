import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * A checker for one configured API key. Only the key's SHA-256 is kept, and a presented
 * key is hashed and compared in constant time, so neither its length nor its prefix
 * leaks through timing. Without a configured key every key is refused.
 */
export function apiKeyCheck(
  configuredKey: string | undefined,
): (presented: string | undefined) => boolean {
  const expected = configuredKey === undefined ? undefined : digest(configuredKey);
  return (presented) => {
    if (expected === undefined || presented === undefined || presented.length === 0) return false;
    return timingSafeEqual(digest(presented), expected);
  };
}
