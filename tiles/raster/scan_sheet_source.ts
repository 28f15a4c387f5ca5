import sharp from 'sharp';
import type { Affine } from '../../core/geo/affine';
import type { ZoneTransform } from '../../core/geo/zone_crs';
import type { Bbox3857 } from '../tile_math';

/** Size of one level of a stored sheet's pyramid (level 0 = full resolution). */
export interface PyramidLevel {
  width: number;
  height: number;
}

/** A stored, normalised sheet as the tile renderer needs it. */
export interface ScanSheetSource {
  id: number;
  sha256: string;
  /** Absolute path of the tiled pyramidal TIFF. */
  path: string;
  width: number;
  height: number;
  /** Zone coordinates → level-0 source pixel (inverse of the stored transform). */
  toPixel: Affine;
  zone: ZoneTransform;
  /** The footprint's EPSG:3857 box, to skip tiles that cannot touch the sheet. */
  bbox3857: Bbox3857;
  levels: PyramidLevel[];
}

/** The pyramid of a stored TIFF: one page per level, each half the previous. */
export async function readPyramid(path: string): Promise<PyramidLevel[]> {
  const meta = await sharp(path, { limitInputPixels: false }).metadata();
  const levels: PyramidLevel[] = [];
  for (let page = 0; page < (meta.pages ?? 1); page++) {
    const level =
      page === 0 ? meta : await sharp(path, { page, limitInputPixels: false }).metadata();
    if (!level.width || !level.height) break;
    levels.push({ width: level.width, height: level.height });
  }
  return levels;
}
