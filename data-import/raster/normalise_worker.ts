import sharp from 'sharp';
import { serveImageJob } from '../../core/process/image_child_process';
import { checkImageHeader } from '../../core/process/image_header';
import { type NormaliseJob, type NormaliseOutcome, scanFormats } from './normalise_job';

// Runs in its own process (forked by normalise_sheet.ts): a hostile or huge scan that
// eats memory or time is killed with the process, never with the server.
sharp.cache(false);
sharp.concurrency(1);

async function run(job: NormaliseJob): Promise<NormaliseOutcome> {
  const header = await checkImageHeader(job.input, job.maxPixels, {
    accepted: scanFormats,
    rule: 'scanned sheets must be JPEG, PNG or TIFF',
  });
  if (!header.ok) return header;
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
    width: header.width,
    height: header.height,
    sourceFormat: header.meta.format ?? 'unknown',
    pages: header.meta.pages ?? 1,
  };
}

serveImageJob<NormaliseJob, NormaliseOutcome>(run);
