import sharp from 'sharp';
import { tileBbox } from '../tile_math';
import { resampleTile } from './bilinear_resample';
import type { ScanSheetSource } from './scan_sheet_source';
import type { ScanTileFormat } from './scan_tile_address';
import { type Lattice, latticeNodes, tileLattice, tilePixels } from './tile_lattice';

/** Extra source pixels read around the tile's footprint, for the bilinear neighbours. */
const margin = 2;

const overlaps = (a: readonly number[], b: readonly number[]) =>
  (a[0] as number) < (b[2] as number) &&
  (a[2] as number) > (b[0] as number) &&
  (a[1] as number) < (b[3] as number) &&
  (a[3] as number) > (b[1] as number);

/** Level-0 source pixels per output pixel, along the tile's columns and rows, whichever is larger. */
function sourceScale(lattice: Lattice): number {
  const last = latticeNodes - 1;
  const node = (i: number, j: number) => [
    lattice[(j * latticeNodes + i) * 2] as number,
    lattice[(j * latticeNodes + i) * 2 + 1] as number,
  ];
  const [c00, r00] = node(0, 0);
  const [c10, r10] = node(last, 0);
  const [c01, r01] = node(0, last);
  return (
    Math.max(
      Math.hypot((c10 as number) - (c00 as number), (r10 as number) - (r00 as number)),
      Math.hypot((c01 as number) - (c00 as number), (r01 as number) - (r00 as number)),
    ) / tilePixels
  );
}

/**
 * Renders tile z/x/y of a stored sheet as a 256 px PNG or WebP, transparent outside the
 * sheet; null when the tile does not touch it. The pyramid level is the coarsest one
 * still at least as fine as the tile (GDAL's overview rule); sharp extracts just the
 * window the tile needs from that level (the TIFF is tiled, so only those tiles are
 * decoded), the lattice maps each output pixel to it, and sharp encodes the result.
 */
export async function renderScanTile(
  sheet: ScanSheetSource,
  z: number,
  x: number,
  y: number,
  format: ScanTileFormat,
): Promise<Buffer | null> {
  if (!overlaps(tileBbox(z, x, y), sheet.bbox3857)) return null;
  const lattice = tileLattice(z, x, y, sheet.zone, sheet.toPixel);
  const wanted = Math.floor(Math.log2(Math.max(1, sourceScale(lattice))));
  const level = Math.min(Math.max(wanted, 0), sheet.levels.length - 1);
  const size = sheet.levels[level] ?? { width: sheet.width, height: sheet.height };
  const scaleX = size.width / sheet.width;
  const scaleY = size.height / sheet.height;
  let minCol = Number.POSITIVE_INFINITY;
  let minRow = Number.POSITIVE_INFINITY;
  let maxCol = Number.NEGATIVE_INFINITY;
  let maxRow = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < lattice.length; k += 2) {
    minCol = Math.min(minCol, (lattice[k] as number) * scaleX);
    maxCol = Math.max(maxCol, (lattice[k] as number) * scaleX);
    minRow = Math.min(minRow, (lattice[k + 1] as number) * scaleY);
    maxRow = Math.max(maxRow, (lattice[k + 1] as number) * scaleY);
  }
  const left = Math.max(0, Math.floor(minCol) - margin);
  const top = Math.max(0, Math.floor(minRow) - margin);
  const right = Math.min(size.width, Math.ceil(maxCol) + margin);
  const bottom = Math.min(size.height, Math.ceil(maxRow) + margin);
  if (right <= left || bottom <= top) return null;
  const { data, info } = await sharp(sheet.path, { page: level, limitInputPixels: false })
    .extract({ left, top, width: right - left, height: bottom - top })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { rgba, opaque } = resampleTile(lattice, {
    data,
    left,
    top,
    width: info.width,
    height: info.height,
    channels: info.channels,
    levelWidth: size.width,
    levelHeight: size.height,
    scaleX,
    scaleY,
  });
  if (opaque === 0) return null;
  const image = sharp(rgba, { raw: { width: tilePixels, height: tilePixels, channels: 4 } });
  return format === 'png'
    ? image.png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer()
    : image.webp({ quality: 85, alphaQuality: 100 }).toBuffer();
}
