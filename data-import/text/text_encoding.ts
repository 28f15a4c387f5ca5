import iconv from 'iconv-lite';
import { decodeTcvn3 } from './tcvn3';
import { isVietnameseLetter } from './vietnamese_letters';
import { isVietnameseSyllable } from './vietnamese_syllable';
import { decodeVni } from './vni';

/** Text encodings found in Vietnamese cadastral DBF files. */
export const textEncodings = ['utf-8', 'tcvn3', 'vni-windows', 'cp1258'] as const;
export type TextEncoding = (typeof textEncodings)[number];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes raw field bytes; UTF-8 that is not valid UTF-8 throws. Result is NFC. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return utf8.decode(bytes).normalize('NFC');
    case 'tcvn3':
      return decodeTcvn3(bytes);
    case 'vni-windows':
      return decodeVni(bytes);
    case 'cp1258':
      return iconv.decode(Buffer.from(bytes), 'windows-1258').normalize('NFC');
  }
}

/** The encoding a `.cpg` file names, or undefined when diagis does not know the name. */
export function encodingFromCpg(cpg: string): TextEncoding | undefined {
  const name = cpg
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (['utf8', '65001'].includes(name)) return 'utf-8';
  if (['1258', 'cp1258', 'windows1258', 'ansi1258'].includes(name)) return 'cp1258';
  if (['tcvn3', 'tcvn', 'tcvn5712', 'abc', 'vn3'].includes(name)) return 'tcvn3';
  if (['vni', 'vniwindows', 'vniwin'].includes(name)) return 'vni-windows';
  return undefined;
}

const allowedPunctuation = /[\p{N}\p{Zs}.,;:()\-/'"&+*#%_–]/u;

/**
 * Why decoded text would be garbled, or undefined when it reads as Vietnamese: every
 * character is ASCII, a Vietnamese letter or ordinary punctuation, and every word with a
 * diacritic is a possible Vietnamese syllable.
 */
export function garbledReason(text: string): string | undefined {
  for (const char of text) {
    if (/[A-Za-z]/.test(char) || isVietnameseLetter(char) || allowedPunctuation.test(char))
      continue;
    return `character ${JSON.stringify(char)} (U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}) is not Vietnamese text`;
  }
  for (const word of text.split(/[^\p{L}]+/u)) {
    if ([...word].some((char) => char.charCodeAt(0) > 0x7f) && !isVietnameseSyllable(word)) {
      return `"${word}" is not a Vietnamese syllable`;
    }
  }
  return undefined;
}

export interface EncodingGuess {
  /** The best reading, or undefined when no candidate reads as Vietnamese. */
  encoding: TextEncoding | undefined;
  /** Share of non-ASCII samples each candidate decodes to clean Vietnamese (0-1). */
  scores: Record<TextEncoding, number>;
}

const tryDecode = (bytes: Uint8Array, encoding: TextEncoding): string | undefined => {
  try {
    return decodeText(bytes, encoding);
  } catch {
    return undefined;
  }
};

/**
 * Guesses the encoding of text fields from samples of their raw bytes: valid UTF-8 wins
 * (8-bit legacy text is practically never valid UTF-8); otherwise the legacy table under
 * which the most samples read as clean Vietnamese, if it reads at least 90 % of them.
 */
export function guessEncoding(samples: readonly Uint8Array[]): EncodingGuess {
  const informative = samples.filter((bytes) => bytes.some((byte) => byte >= 0x80));
  const scores = Object.fromEntries(textEncodings.map((e) => [e, 0])) as Record<
    TextEncoding,
    number
  >;
  if (informative.length === 0) return { encoding: 'utf-8', scores: { ...scores, 'utf-8': 1 } };
  for (const encoding of textEncodings) {
    const clean = informative.filter((bytes) => {
      const text = tryDecode(bytes, encoding);
      return text !== undefined && garbledReason(text) === undefined;
    }).length;
    scores[encoding] = clean / informative.length;
  }
  if (scores['utf-8'] === 1) return { encoding: 'utf-8', scores };
  const ranked = [...textEncodings].sort((a, b) => scores[b] - scores[a]);
  const best = ranked[0];
  if (
    best === undefined ||
    scores[best] < 0.9 ||
    (scores[best] === scores[ranked[1] ?? best] && ranked[1] !== best)
  ) {
    return { encoding: undefined, scores };
  }
  return { encoding: best, scores };
}
