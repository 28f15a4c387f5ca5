import type { Affine } from '../../core/geo/affine';
import { RasterInputError } from './raster_input_error';

/** A ground control point: an image position (pixel corner convention) and its map coordinates. */
export interface Gcp {
  id: string;
  col: number;
  row: number;
  x: number;
  y: number;
}

/** A GCP with how far the fitted transform puts it from where the surveyor said (metres). */
export interface GcpResidual extends Gcp {
  dx: number;
  dy: number;
  residual: number;
}

export interface GcpFit {
  affine: Affine;
  residuals: GcpResidual[];
  /** Root mean square of the residual distances, metres. */
  rms: number;
}

/** Least-squares line of one map axis: value ≈ p·col + q·row + r, on centred data. */
function fitAxis(points: readonly Gcp[], value: (g: Gcp) => number) {
  const n = points.length;
  const mc = points.reduce((s, g) => s + g.col, 0) / n;
  const mr = points.reduce((s, g) => s + g.row, 0) / n;
  const mv = points.reduce((s, g) => s + value(g), 0) / n;
  let cc = 0;
  let cr = 0;
  let rr = 0;
  let cv = 0;
  let rv = 0;
  for (const g of points) {
    const dc = g.col - mc;
    const dr = g.row - mr;
    const dv = value(g) - mv;
    cc += dc * dc;
    cr += dc * dr;
    rr += dr * dr;
    cv += dc * dv;
    rv += dr * dv;
  }
  const det = cc * rr - cr * cr;
  // Relative test: the points span a line (or one spot) when the determinant vanishes
  // against the spread along each axis.
  if (!(det > 1e-9 * cc * rr) || cc === 0 || rr === 0) {
    throw new RasterInputError(
      'gcp',
      'the control points lie on one line in the image; choose at least three spread over the sheet',
      'unprocessable',
    );
  }
  const p = (cv * rr - rv * cr) / det;
  const q = (rv * cc - cv * cr) / det;
  return { p, q, r: mv - p * mc - q * mr };
}

/**
 * Fits the affine pixel → map transform to `points` by least squares (each map axis on its
 * own, on centred coordinates for numerical stability) and reports each point's residual
 * and the RMS. Needs at least three points not on one line; with exactly three the fit is
 * exact and the residuals are zero, so four or more are what shows a blunder.
 */
export function fitGcps(points: readonly Gcp[]): GcpFit {
  if (points.length < 3) {
    throw new RasterInputError(
      'gcp',
      `needs at least 3 control points, got ${points.length}`,
      'unprocessable',
    );
  }
  const x = fitAxis(points, (g) => g.x);
  const y = fitAxis(points, (g) => g.y);
  const affine: Affine = { a: x.p, b: x.q, c: x.r, d: y.p, e: y.q, f: y.r };
  const residuals = points.map((g) => {
    const dx = affine.a * g.col + affine.b * g.row + affine.c - g.x;
    const dy = affine.d * g.col + affine.e * g.row + affine.f - g.y;
    return { ...g, dx, dy, residual: Math.hypot(dx, dy) };
  });
  const rms = Math.sqrt(
    residuals.reduce((s, r) => s + r.residual * r.residual, 0) / residuals.length,
  );
  return { affine, residuals, rms };
}

/**
 * Throws an `unprocessable` RasterInputError naming the worst point when the fit's RMS
 * exceeds `maxRms` metres.
 */
export function requireGoodFit(fit: GcpFit, maxRms: number): void {
  if (fit.rms <= maxRms) return;
  const worst = fit.residuals.reduce((w, r) => (r.residual > w.residual ? r : w));
  throw new RasterInputError(
    'gcp',
    `the fit's RMS is ${fit.rms.toFixed(3)} m, above the ${maxRms} m allowed; the worst point is ${worst.id} (${worst.residual.toFixed(3)} m off): check its pixel position and coordinates`,
    'unprocessable',
    { rms: fit.rms, maxRms, residuals: fit.residuals },
  );
}
