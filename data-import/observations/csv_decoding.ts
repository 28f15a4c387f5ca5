import iconv from 'iconv-lite';
import { CsvRefusal } from './csv_refusal';

/** Text encodings of the department's spreadsheets: UTF-8 and Windows Vietnamese (cp1258). */
export const csvEncodings = ['utf8', 'cp1258'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];

/** The two field delimiters accepted; `;` is what Excel writes under a Vietnamese locale. */
export type CsvDelimiter = ',' | ';';

/** A CSV file as text (NFC, no byte-order mark) with what was detected. */
export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The delimiter of the first non-empty line outside quotes: `;` when it has more semicolons
 * than commas, else `,`. (csv-parse's `delimiter_auto` scores every ASCII character, so a
 * letter can win on a short file; only these two are accepted here.)
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const header = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const char of header) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ',') commas++;
    else if (!quoted && char === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Decodes a CSV file: `encoding` when given (invalid UTF-8 is refused naming the line), else
 * UTF-8 when the bytes are valid UTF-8 and cp1258 otherwise (a byte-order mark is dropped).
 * cp1258 writes tone marks as combining characters, so the text is normalised to NFC.
 */
export function decodeCsv(bytes: Uint8Array, encoding?: CsvEncoding): DecodedCsv {
  if (bytes.length === 0) throw new CsvRefusal('file_empty', 'the file is empty');
  const utf8 = encoding === 'cp1258' ? undefined : decodeUtf8(bytes);
  if (encoding === 'utf8' && utf8 === undefined) {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))).split('\n').length;
    throw new CsvRefusal(
      'encoding_invalid',
      `row ${line}: the file is not valid UTF-8; try --encoding cp1258 (Windows Vietnamese)`,
      line,
    );
  }
  const used: CsvEncoding = utf8 === undefined ? 'cp1258' : 'utf8';
  const raw = utf8 ?? iconv.decode(Buffer.from(bytes), 'windows-1258');
  const text = raw.replace(/^\uFEFF/, '').normalize('NFC');
  if (text.trim() === '') throw new CsvRefusal('file_empty', 'the file holds no text');
  return { text, encoding: used, delimiter: detectDelimiter(text) };
}
