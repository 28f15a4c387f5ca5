import { randomInt } from 'node:crypto';

// 32 letters and digits without the look-alikes I, O, 0 and 1, so a receipt read aloud or
// typed from paper comes out right.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Receipt codes as printed: `HS-` and four groups of four characters. */
export const receiptCodePattern = /^HS-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

/**
 * A new receipt code such as `HS-7KQM-2XWD-P9TR-4HNB`: 16 characters from a
 * cryptographic random source (80 bits), so a citizen's code cannot be guessed from
 * another one. Matches the CHECK `^[A-Z0-9-]{16,40}$` of dossier.dossier.receipt_code.
 */
export function newReceiptCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += alphabet[randomInt(alphabet.length)];
    groups.push(group);
  }
  return `HS-${groups.join('-')}`;
}
