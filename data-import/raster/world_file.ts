import type { Affine } from '../../core/geo/affine';
import { RasterInputError } from './raster_input_error';

/**
 * Parses a world file (.jgw, .pgw, .tfw, .wld): six numbers, one a line, A D B E C F,
 * where C/F are the map coordinates of the *centre* of the top-left pixel. Returns the
 * affine in the corner convention of `Affine`. Throws a RasterInputError (field `world`)
 * for a wrong count, a non-number or a singular transform.
 */
export function parseWorldFile(text: string): Affine {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length !== 6) {
    throw new RasterInputError(
      'world',
      `must hold six numbers, one a line; got ${lines.length} lines`,
    );
  }
  const values = lines.map((line, index) => {
    const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(line) ? Number(line) : Number.NaN;
    if (!Number.isFinite(value)) {
      throw new RasterInputError(
        'world',
        `line ${index + 1} must be a number, got "${line.slice(0, 40)}"`,
      );
    }
    return value;
  });
  const [A, D, B, E, C, F] = values as [number, number, number, number, number, number];
  if (Math.abs(A * E - B * D) < 1e-18) {
    throw new RasterInputError('world', 'the pixel size is zero (A·E − B·D = 0)');
  }
  return { a: A, b: B, c: C - A / 2 - B / 2, d: D, e: E, f: F - D / 2 - E / 2 };
}
