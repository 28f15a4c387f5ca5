import { DiagisError } from '../../core/errors/diagis_error';

/** Who signed in, as diagis keeps it: read from the provider's claims. */
export interface CitizenIdentity {
  subject: string;
  name: string;
  /** The 12-digit personal ID number (số định danh cá nhân, CCCD). */
  idNumber: string;
  email: string | null;
}

/** Which claims carry the name and the ID number (VNeID: `HoVaTen`, `SoDinhDanh`). */
export interface ClaimNames {
  nameClaim: string;
  idNumberClaim: string;
}

const refused = (message: string, field: string): DiagisError =>
  new DiagisError('unprocessable', message, { field });

/** True when the claims lack the name or the ID number (then userinfo may have them). */
export function lacksIdentityClaims(claims: Record<string, unknown>, names: ClaimNames): boolean {
  return claims[names.nameClaim] === undefined || claims[names.idNumberClaim] === undefined;
}

/**
 * The identity in a provider's claims (ID token, completed from userinfo). Throws an
 * `unprocessable` DiagisError naming the claim when the subject, the name or a 12-digit
 * ID number is missing or malformed; an e-mail that is not one is dropped.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  names: ClaimNames,
): CitizenIdentity {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
    throw refused('sub: the provider sent no subject of 1-255 characters', 'sub');
  }
  const rawName = claims[names.nameClaim];
  const name = typeof rawName === 'string' ? rawName.normalize('NFC').trim() : '';
  if (name.length === 0 || name.length > 200) {
    throw refused(
      `${names.nameClaim}: the provider sent no name of 1-200 characters`,
      names.nameClaim,
    );
  }
  const idNumber = claims[names.idNumberClaim];
  if (typeof idNumber !== 'string' || !/^[0-9]{12}$/.test(idNumber)) {
    throw refused(
      `${names.idNumberClaim}: the provider sent no 12-digit personal ID number`,
      names.idNumberClaim,
    );
  }
  const email = claims.email;
  const validEmail =
    typeof email === 'string' && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email);
  return { subject, name, idNumber, email: validEmail ? email : null };
}
