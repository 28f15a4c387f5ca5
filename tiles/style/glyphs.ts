import { readFile } from 'node:fs/promises';
import { DiagisError } from '../../core/errors/diagis_error';

/** The font stacks diagis ships (SDF glyphs built by `npm run fonts:build` from DejaVu Sans). */
export const fontStacks = ['DejaVu Sans Book', 'DejaVu Sans Bold'] as const;

const fontsDir = new URL('./fonts/', import.meta.url);
const rangePattern = /^(\d{1,5})-(\d{1,5})$/;

/** A glyph PBF with no glyphs: the answer for a range the font does not cover. */
function emptyRange(stack: string, range: string): Buffer {
  const name = Buffer.from(stack, 'utf8');
  const label = Buffer.from(range, 'utf8');
  const inner = Buffer.concat([
    Buffer.from([0x0a, name.length]),
    name,
    Buffer.from([0x12, label.length]),
    label,
  ]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

/** Why a glyph request cannot be answered. */
export class GlyphRequestError extends DiagisError {
  override name = 'GlyphRequestError';
  constructor(code: 'invalid_input' | 'not_found', field: string, message: string) {
    super(code, message, { field });
  }
}

/**
 * The glyph PBF of `range` ("0-255", "256-511", ...) for the first stack of the
 * comma-separated `fontstack` that diagis ships. Ranges the font does not cover answer an
 * empty glyph set; unknown stacks and malformed ranges throw a GlyphRequestError.
 */
export async function glyphRange(fontstack: string, range: string): Promise<Buffer> {
  const stack = fontstack
    .split(',')
    .map((name) => name.trim())
    .find((name) => (fontStacks as readonly string[]).includes(name));
  if (!stack)
    throw new GlyphRequestError(
      'not_found',
      'fontstack',
      `fontstack: none of ${fontstack} is served; use ${fontStacks.join(' or ')}`,
    );
  const match = rangePattern.exec(range);
  const start = Number(match?.[1]);
  if (!match || start % 256 !== 0 || Number(match[2]) !== start + 255 || start > 65_280) {
    throw new GlyphRequestError(
      'invalid_input',
      'range',
      `range: must be N-(N+255) with N a multiple of 256, got ${range}`,
    );
  }
  try {
    return await readFile(new URL(`${encodeURIComponent(stack)}/${range}.pbf`, fontsDir));
  } catch {
    return emptyRange(stack, range);
  }
}
