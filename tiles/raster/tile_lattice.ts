import { type Affine, applyAffine } from '../../core/geo/affine';
import type { ZoneTransform } from '../../core/geo/zone_crs';
import { tileBbox, toLonLat } from '../tile_math';

/** Output tile size in pixels. */
export const tilePixels = 256;
/** Output pixels between exactly projected lattice nodes. */
export const latticeStep = 16;
/** Nodes per side: 0, 16, ..., 256. */
export const latticeNodes = tilePixels / latticeStep + 1;

/**
 * Source pixel positions (level 0, corner convention) of the tile's lattice nodes:
 * node (i, j) is output position (16·i, 16·j); interleaved col,row, row-major.
 */
export type Lattice = Float64Array;

/**
 * Projects every lattice node of tile z/x/y exactly: EPSG:3857 → WGS84 (spherical
 * formula) → VN-2000 zone (proj4 with the zone's DIAGIS +towgs84) → source pixel through
 * `toPixel` (the inverse of the sheet's affine). Pixels between nodes are interpolated
 * bilinearly, which is exact for the affine part and leaves only the curvature of the
 * projection change over 16 output pixels (far below a hundredth of a pixel at map zooms;
 * `latticeError` measures it).
 */
export function tileLattice(
  z: number,
  x: number,
  y: number,
  zone: ZoneTransform,
  toPixel: Affine,
): Lattice {
  const [minX, , maxX, maxY] = tileBbox(z, x, y);
  const size = (maxX - minX) / tilePixels;
  const lattice = new Float64Array(latticeNodes * latticeNodes * 2);
  for (let j = 0; j < latticeNodes; j++) {
    for (let i = 0; i < latticeNodes; i++) {
      const [col, row] = sourcePixelAt(
        minX + i * latticeStep * size,
        maxY - j * latticeStep * size,
        zone,
        toPixel,
      );
      const k = (j * latticeNodes + i) * 2;
      lattice[k] = col;
      lattice[k + 1] = row;
    }
  }
  return lattice;
}

/** The source pixel position of one EPSG:3857 point. */
export function sourcePixelAt(
  mx: number,
  my: number,
  zone: ZoneTransform,
  toPixel: Affine,
): [number, number] {
  const [lon, lat] = toLonLat(mx, my);
  const [zx, zy] = zone.fromWgs84(lon, lat);
  return applyAffine(toPixel, zx, zy);
}

/** The lattice's source position of output position (u, v), 0 ≤ u, v ≤ 256. */
export function latticeAt(lattice: Lattice, u: number, v: number): [number, number] {
  const fi = Math.min(u / latticeStep, latticeNodes - 1.000001);
  const fj = Math.min(v / latticeStep, latticeNodes - 1.000001);
  const i = Math.floor(fi);
  const j = Math.floor(fj);
  const s = fi - i;
  const t = fj - j;
  const k00 = (j * latticeNodes + i) * 2;
  const k10 = k00 + 2;
  const k01 = k00 + latticeNodes * 2;
  const k11 = k01 + 2;
  const mix = (o: number) =>
    (1 - t) * ((1 - s) * (lattice[k00 + o] as number) + s * (lattice[k10 + o] as number)) +
    t * ((1 - s) * (lattice[k01 + o] as number) + s * (lattice[k11 + o] as number));
  return [mix(0), mix(1)];
}

/**
 * Largest distance (source pixels) between the lattice interpolation and the exact
 * projection, probed at the centre of every lattice cell (where it is largest).
 */
export function latticeError(
  lattice: Lattice,
  z: number,
  x: number,
  y: number,
  zone: ZoneTransform,
  toPixel: Affine,
): number {
  const [minX, , maxX, maxY] = tileBbox(z, x, y);
  const size = (maxX - minX) / tilePixels;
  let worst = 0;
  for (let v = latticeStep / 2; v < tilePixels; v += latticeStep) {
    for (let u = latticeStep / 2; u < tilePixels; u += latticeStep) {
      const [ec, er] = sourcePixelAt(minX + u * size, maxY - v * size, zone, toPixel);
      const [lc, lr] = latticeAt(lattice, u, v);
      worst = Math.max(worst, Math.hypot(ec - lc, er - lr));
    }
  }
  return worst;
}
