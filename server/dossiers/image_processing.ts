import { runImageJob } from '../../core/process/image_child_process';
import type { ImageJob, ImageOutcome } from './image_job';

/**
 * Checks, normalises and thumbnails one image in a child process (sharp with
 * `limitInputPixels`), killed after `timeoutMs`: a decompression bomb or a broken file
 * costs that process, never the server's memory or event loop.
 */
export function processImage(job: ImageJob, timeoutMs: number): Promise<ImageOutcome> {
  return runImageJob<ImageJob, ImageOutcome>(
    new URL('./image_worker.ts', import.meta.url),
    job,
    timeoutMs,
  );
}
