// VNI-Windows: a base letter followed by a diacritic byte, both read as Windows-1252
// ("chào" is stored as "chaøo"); ơ ư đ and the five toned i's are single bytes.
import { toneMarks, vietnameseLowercase } from './vietnamese_letters';

// Per tone (none, grave, acute, hook, tilde, dot), lowercase; capitals are these minus 0x20.
const plainTone = ['', 'ø', 'ù', 'û', 'õ', 'ï'];
const circumflexTone = ['â', 'à', 'á', 'å', 'ã', 'ä'];
const breveTone = ['ê', 'è', 'é', 'ú', 'ü', 'ë'];
const iTone = ['i', 'ì', 'í', 'æ', 'ó', 'ò'];

/** The VNI spelling of one lowercase Vietnamese letter (NFC). */
function lowercaseVni(letter: string): string {
  if (letter === 'đ') return 'ñ';
  const parts = [...letter.normalize('NFD')];
  const base = parts[0] ?? '';
  const marks = parts.slice(1);
  const tone = Math.max(
    0,
    toneMarks.findIndex((mark) => mark !== '' && marks.includes(mark)),
  );
  if (base === 'i') return iTone[tone] ?? '';
  if (base === 'y' && tone === 5) return 'î';
  if (marks.includes('\u0302')) return `${base}${circumflexTone[tone]}`;
  if (marks.includes('\u0306')) return `${base}${breveTone[tone]}`;
  if (marks.includes('\u031b')) return `${base === 'o' ? 'ô' : 'ö'}${plainTone[tone]}`;
  return `${base}${plainTone[tone]}`;
}

const upper = (vni: string): string =>
  [...vni]
    .map((char) =>
      char >= 'à' ? String.fromCharCode(char.charCodeAt(0) - 0x20) : char.toUpperCase(),
    )
    .join('');

const toVni = new Map<string, string>();
for (const letter of vietnameseLowercase) {
  toVni.set(letter, lowercaseVni(letter));
  toVni.set(letter.toUpperCase(), upper(lowercaseVni(letter)));
}
const fromVni = new Map<string, string>([...toVni].map(([letter, vni]) => [vni, letter]));

/** Decodes VNI-Windows bytes into NFC Unicode text (longest sequence first). */
export function decodeVni(bytes: Uint8Array): string {
  const chars = Buffer.from(bytes).toString('latin1');
  let text = '';
  for (let i = 0; i < chars.length; ) {
    const pair = fromVni.get(chars.slice(i, i + 2));
    if (pair && i + 1 < chars.length) {
      text += pair;
      i += 2;
      continue;
    }
    const char = chars[i] ?? '';
    text += fromVni.get(char) ?? char;
    i += 1;
  }
  return text.normalize('NFC');
}

/** Encodes text into VNI-Windows; throws on a character outside Latin-1 and Vietnamese. */
export function encodeVni(text: string): Uint8Array {
  let latin = '';
  for (const char of text.normalize('NFC')) latin += toVni.get(char) ?? char;
  if ([...latin].some((char) => char.charCodeAt(0) > 0xff))
    throw new RangeError(`VNI cannot encode ${JSON.stringify(text)}`);
  return Uint8Array.from(Buffer.from(latin, 'latin1'));
}
