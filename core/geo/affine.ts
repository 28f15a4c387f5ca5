/**
 * An affine map from image pixel coordinates to projected coordinates:
 * `x = a·col + b·row + c`, `y = d·col + e·row + f`. Pixel coordinates are continuous with
 * (0, 0) at the top-left corner of the top-left pixel (GDAL's convention), so pixel
 * (i, j) covers [i, i+1) × [j, j+1) and its centre is (i + 0.5, j + 0.5).
 */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** The projected point of pixel position (col, row). */
export function applyAffine(t: Affine, col: number, row: number): [number, number] {
  return [t.a * col + t.b * row + t.c, t.d * col + t.e * row + t.f];
}

/** The inverse map (projected → pixel); throws when the map is singular. */
export function invertAffine(t: Affine): Affine {
  const det = t.a * t.e - t.b * t.d;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-18) {
    throw new Error('the transform is singular (pixels have no area on the ground)');
  }
  return {
    a: t.e / det,
    b: -t.b / det,
    c: (t.b * t.f - t.e * t.c) / det,
    d: -t.d / det,
    e: t.a / det,
    f: (t.d * t.c - t.a * t.f) / det,
  };
}

/** Coefficients as stored in the database: [a, b, c, d, e, f]. */
export const affineArray = (t: Affine): number[] => [t.a, t.b, t.c, t.d, t.e, t.f];

/** The affine of six stored coefficients [a, b, c, d, e, f]. */
export function affineFromArray(values: readonly number[]): Affine {
  const [a, b, c, d, e, f] = values.map(Number);
  if (values.length !== 6 || [a, b, c, d, e, f].some((v) => !Number.isFinite(v))) {
    throw new Error(`an affine needs six finite coefficients, got ${values.length}`);
  }
  return { a, b, c, d, e, f } as Affine;
}

/** Ground size of one pixel along its column and row directions (map units). */
export const pixelSize = (t: Affine): { x: number; y: number } => ({
  x: Math.hypot(t.a, t.d),
  y: Math.hypot(t.b, t.e),
});
