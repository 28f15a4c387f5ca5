import { type Lattice, latticeAt, tilePixels } from './tile_lattice';

/** A window of an RGB pyramid level, as sharp extracted it. */
export interface SourceWindow {
  data: Buffer;
  /** Window position and size in level pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  channels: number;
  /** Level size (pixels outside it are outside the sheet). */
  levelWidth: number;
  levelHeight: number;
  /** Level pixels per level-0 pixel, along columns and rows. */
  scaleX: number;
  scaleY: number;
}

/**
 * Fills a 256×256 RGBA tile: each output pixel centre is mapped through the lattice to a
 * level-0 source position, scaled to the level, and sampled bilinearly between the four
 * nearest pixel centres (edge pixels clamped). Positions outside the sheet stay fully
 * transparent, which clips the tile to the sheet's footprint. Returns the number of
 * opaque pixels with the tile.
 */
export function resampleTile(
  lattice: Lattice,
  source: SourceWindow,
): { rgba: Buffer; opaque: number } {
  const rgba = Buffer.alloc(tilePixels * tilePixels * 4);
  const { data, width, height, channels } = source;
  let opaque = 0;
  for (let v = 0; v < tilePixels; v++) {
    for (let u = 0; u < tilePixels; u++) {
      const [col, row] = latticeAt(lattice, u + 0.5, v + 0.5);
      const lx = col * source.scaleX;
      const ly = row * source.scaleY;
      if (!(lx >= 0 && ly >= 0 && lx < source.levelWidth && ly < source.levelHeight)) continue;
      // Pixel-centre coordinates inside the window.
      const px = Math.min(Math.max(lx - 0.5 - source.left, 0), width - 1);
      const py = Math.min(Math.max(ly - 0.5 - source.top, 0), height - 1);
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = px - x0;
      const fy = py - y0;
      const out = (v * tilePixels + u) * 4;
      for (let c = 0; c < 3; c++) {
        const ch = Math.min(c, channels - 1);
        const p00 = data[(y0 * width + x0) * channels + ch] as number;
        const p10 = data[(y0 * width + x1) * channels + ch] as number;
        const p01 = data[(y1 * width + x0) * channels + ch] as number;
        const p11 = data[(y1 * width + x1) * channels + ch] as number;
        const top = p00 + (p10 - p00) * fx;
        const bottom = p01 + (p11 - p01) * fx;
        rgba[out + c] = Math.round(top + (bottom - top) * fy);
      }
      rgba[out + 3] = 255;
      opaque++;
    }
  }
  return { rgba, opaque };
}
