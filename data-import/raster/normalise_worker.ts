import sharp from 'sharp';
import { serveImageJob } from '../../core/process/image_child_process';
import { type NormaliseJob, type NormaliseOutcome, scanFormats } from './normalise_job';

// Runs in its own process (forked by normalise_sheet.ts): a hostile or huge scan that
// eats memory or time is killed with the process, never with the server.
sharp.cache(false);
sharp.concurrency(1);

const megapixels = (pixels: number) => Math.round(pixels / 1e5) / 10;

async function run(job: NormaliseJob): Promise<NormaliseOutcome> {
  // The header alone gives the size: a decompression bomb is refused before any decoding.
  const meta = await sharp(job.input, { limitInputPixels: false }).metadata();
  if (!(scanFormats as readonly string[]).includes(meta.format ?? '')) {
    return {
      ok: false,
      reason: 'unsupported',
      message: `the image is ${meta.format ?? 'of an unknown format'}; scanned sheets must be JPEG, PNG or TIFF`,
    };
  }
  if (!meta.width || !meta.height) {
    return { ok: false, reason: 'unreadable', message: 'the image has no readable size' };
  }
  const pixels = meta.width * meta.height;
  if (pixels > job.maxPixels) {
    return {
      ok: false,
      reason: 'too_large',
      message: `the image is ${meta.width} x ${meta.height} pixels (${megapixels(pixels)} MP); at most ${megapixels(job.maxPixels)} MP are accepted`,
    };
  }
  // No .rotate(): a world file or GCPs address the stored pixel grid, as GDAL reads it,
  // whatever an EXIF orientation says. Metadata (EXIF, XMP, ICC) is dropped by not
  // asking sharp to keep it; the result is 8-bit sRGB on white.
  await sharp(job.input, { limitInputPixels: job.maxPixels, failOn: 'truncated' })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .tiff({
      tile: true,
      tileWidth: 256,
      tileHeight: 256,
      pyramid: true,
      compression: 'deflate',
      predictor: 'horizontal',
    })
    .toFile(job.output);
  return {
    ok: true,
    width: meta.width,
    height: meta.height,
    sourceFormat: meta.format ?? 'unknown',
    pages: meta.pages ?? 1,
  };
}

serveImageJob<NormaliseJob, NormaliseOutcome>(run);
