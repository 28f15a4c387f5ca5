// COPY ... FROM STDIN in PostgreSQL's text format, fed from an iterable of lines with
// backpressure, so a large table streams through a bounded amount of memory.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value as COPY text format writes it: null and undefined become NULL (`\N`). */
export type CopyValue = string | number | boolean | null | undefined;

const identifierPattern = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
const specialCharacters = /[\\\t\n\r]/;

/** Escapes one field for COPY text format (backslash, tab, newline, carriage return). */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot COPY the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (!specialCharacters.test(value)) return value;
  return value
    .replaceAll('\\', '\\\\')
    .replaceAll('\t', '\\t')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
}

/**
 * One COPY text-format line (fields joined by tabs, ending in a newline). Built with join,
 * which yields one flat string rather than a rope of small pieces: a batch holds many lines.
 */
export function copyLine(values: readonly CopyValue[]): string {
  return `${values.map(copyField).join('\t')}\n`;
}

/** Joins lines into chunks of about `size` characters: far fewer, larger stream writes. */
function* chunked(lines: Iterable<string>, size = 1 << 16): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

function checkIdentifier(name: string): string {
  if (!identifierPattern.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return name;
}

/**
 * Streams `lines` (from {@link copyLine}) into `table` with COPY FROM STDIN and returns the
 * number of rows the server stored. The table and column names are code constants; they
 * are checked to be plain identifiers before they reach the SQL text.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<number> {
  const sql = `COPY ${checkIdentifier(table)} (${columns.map(checkIdentifier).join(', ')}) FROM STDIN`;
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunked(lines)), stream);
  return stream.rowCount;
}
