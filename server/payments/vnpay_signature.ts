import { createHmac, timingSafeEqual } from 'node:crypto';

/** The parameters that carry the signature; they are never part of the signed text. */
const signatureParams = new Set(['vnp_SecureHash', 'vnp_SecureHashType']);

/**
 * The text VNPAY signs (API 2.1.0): every parameter but the signature that has a value,
 * sorted by name, `name=value` joined with `&`, each value form-urlencoded (space as `+`,
 * as Java's URLEncoder and URLSearchParams write it). The same text is the query string.
 */
export function signedText(params: Readonly<Record<string, string | undefined>>): string {
  const sorted = new URLSearchParams();
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (signatureParams.has(name) || value === undefined || value === '') continue;
    sorted.append(name, value);
  }
  return sorted.toString();
}

/** HMAC-SHA512 of the signed text with the merchant's secret, as lower-case hex. */
export function signatureOf(
  params: Readonly<Record<string, string | undefined>>,
  secret: string,
): string {
  return createHmac('sha512', secret).update(signedText(params), 'utf8').digest('hex');
}

/** The parameters as a query string (no leading `?`) ending with their `vnp_SecureHash`. */
export function signedQuery(
  params: Readonly<Record<string, string | undefined>>,
  secret: string,
): string {
  return `${signedText(params)}&vnp_SecureHash=${signatureOf(params, secret)}`;
}

/**
 * Whether `params` carry the signature of their other parameters under `secret`, compared
 * in constant time; the hex may be in either case (VNPAY's samples send both).
 */
export function hasValidSignature(
  params: Readonly<Record<string, string | undefined>>,
  secret: string,
): boolean {
  const sent = (params.vnp_SecureHash ?? '').toLowerCase();
  if (!/^[0-9a-f]{128}$/.test(sent)) return false;
  return timingSafeEqual(Buffer.from(sent, 'hex'), Buffer.from(signatureOf(params, secret), 'hex'));
}
