import sharp from 'sharp';
import { serveImageJob } from '../../core/process/image_child_process';
import type { ImageJob, ImageOutcome } from './image_job';

// Runs in its own process (forked by image_processing.ts) so a hostile image that eats
// memory or time is killed with the process, never with the server.
sharp.cache(false);
sharp.concurrency(1);

const megapixels = (pixels: number) => Math.round(pixels / 1e5) / 10;

async function run(job: ImageJob): Promise<ImageOutcome> {
  // The header alone gives the size: a decompression bomb is refused before any decoding.
  const meta = await sharp(job.input, { limitInputPixels: false }).metadata();
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
  const decode = { limitInputPixels: job.maxPixels, failOn: 'truncated' as const };
  if (job.mediaType === 'image/tiff') {
    // Scans may hold several pages: keep the file as sent, after checking page 1 decodes.
    await sharp(job.input, decode).toBuffer();
  } else {
    // Re-encoding applies the EXIF orientation and drops metadata (GPS, camera serials).
    const image = sharp(job.input, decode).rotate();
    const encoded =
      job.mediaType === 'image/png' ? image.png() : image.jpeg({ quality: 90, mozjpeg: true });
    await encoded.toFile(job.output);
  }
  const source = job.mediaType === 'image/tiff' ? job.input : job.output;
  await sharp(source, decode)
    .rotate()
    .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 80 })
    .toFile(job.thumbnail);
  const kept = job.mediaType === 'image/tiff' ? meta : await sharp(job.output).metadata();
  return { ok: true, width: kept.width ?? meta.width, height: kept.height ?? meta.height };
}

serveImageJob<ImageJob, ImageOutcome>(run);
