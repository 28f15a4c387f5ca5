import { runImageJob } from '../../core/process/image_child_process';
import type { NormaliseJob, NormaliseOutcome } from './normalise_job';

/**
 * Checks a scanned sheet (JPEG, PNG or TIFF; pixel count from the header) and writes it
 * as a tiled pyramidal TIFF in a child process that is killed after `timeoutMs`, so a
 * decompression bomb or a broken file costs that process, never the caller's.
 */
export function normaliseSheet(job: NormaliseJob, timeoutMs: number): Promise<NormaliseOutcome> {
  return runImageJob<NormaliseJob, NormaliseOutcome>(
    new URL('./normalise_worker.ts', import.meta.url),
    job,
    timeoutMs,
  );
}
