import sharp, { type Metadata } from 'sharp';

/** An image header whose size passed the pixel limit. */
export interface CheckedHeader {
  ok: true;
  meta: Metadata;
  width: number;
  height: number;
}

/** Why an image was refused from its header; `message` is safe to show the uploader. */
export interface HeaderRefusal {
  ok: false;
  reason: 'unreadable' | 'too_large';
  message: string;
}

/** An image in a format the caller does not take (only when it names the formats it takes). */
export interface FormatRefusal {
  ok: false;
  reason: 'unsupported';
  message: string;
}

/** The formats a caller takes (sharp's names: jpeg, png, tiff, ...) and the rule to state when refused. */
export interface FormatRule {
  accepted: readonly string[];
  /** e.g. "scanned sheets must be JPEG, PNG or TIFF". */
  rule: string;
}

const megapixels = (pixels: number) => Math.round(pixels / 1e5) / 10;

/**
 * Reads the header of the image at `input` and checks, in this order, its format (when
 * `formats` is given), that it has a size, and that size against `maxPixels`. No pixel is
 * decoded, so a decompression bomb is refused before it takes any memory. For the image
 * workers (dossier attachments, scanned sheets), inside their child process.
 */
export async function checkImageHeader(
  input: string,
  maxPixels: number,
): Promise<CheckedHeader | HeaderRefusal>;
export async function checkImageHeader(
  input: string,
  maxPixels: number,
  formats: FormatRule,
): Promise<CheckedHeader | HeaderRefusal | FormatRefusal>;
export async function checkImageHeader(
  input: string,
  maxPixels: number,
  formats?: FormatRule,
): Promise<CheckedHeader | HeaderRefusal | FormatRefusal> {
  const meta = await sharp(input, { limitInputPixels: false }).metadata();
  if (formats && !formats.accepted.includes(meta.format ?? '')) {
    return {
      ok: false,
      reason: 'unsupported',
      message: `the image is ${meta.format ?? 'of an unknown format'}; ${formats.rule}`,
    };
  }
  if (!meta.width || !meta.height) {
    return { ok: false, reason: 'unreadable', message: 'the image has no readable size' };
  }
  const pixels = meta.width * meta.height;
  if (pixels > maxPixels) {
    return {
      ok: false,
      reason: 'too_large',
      message: `the image is ${meta.width} x ${meta.height} pixels (${megapixels(pixels)} MP); at most ${megapixels(maxPixels)} MP are accepted`,
    };
  }
  return { ok: true, meta, width: meta.width, height: meta.height };
}
