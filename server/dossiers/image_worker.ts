import sharp from 'sharp';
import { serveImageJob } from '../../core/process/image_child_process';
import { checkImageHeader } from '../../core/process/image_header';
import type { ImageJob, ImageOutcome } from './image_job';

// Runs in its own process (forked by image_processing.ts) so a hostile image that eats
// memory or time is killed with the process, never with the server.
sharp.cache(false);
sharp.concurrency(1);

async function run(job: ImageJob): Promise<ImageOutcome> {
  const header = await checkImageHeader(job.input, job.maxPixels);
  if (!header.ok) return header;
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
  const kept = job.mediaType === 'image/tiff' ? header.meta : await sharp(job.output).metadata();
  return { ok: true, width: kept.width ?? header.width, height: kept.height ?? header.height };
}

serveImageJob<ImageJob, ImageOutcome>(run);
