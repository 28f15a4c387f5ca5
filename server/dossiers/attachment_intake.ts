import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { attachmentPaths } from '../../core/storage/attachment_paths';
import { HttpError } from '../http/http_error';
import type { ReceivedFile } from './attachment_upload';
import { type AcceptedMediaType, detectMediaType } from './content_type';
import { processImage } from './image_processing';

/** Limits for images: the largest width x height and how long the worker may take. */
export interface IntakeOptions {
  dir: string;
  maxPixels: number;
  timeoutMs: number;
}

/** A file in the store, ready to be recorded as an attachment. */
export interface StoredFile {
  sha256: string;
  mediaType: AcceptedMediaType;
  byteSize: number;
  hasThumbnail: boolean;
  width: number | null;
  height: number | null;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Moves `from` to `to` unless the store already holds that content. */
async function place(from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true });
  if (existsSync(to)) await rm(from, { force: true });
  else await rename(from, to);
}

/**
 * Checks an upload by its content (PDF, JPEG, PNG or TIFF, else 415), has images checked,
 * normalised and thumbnailed in the image worker (422 with the reason when refused), and
 * moves the result into the store under its SHA-256. Removes every temporary file.
 */
export async function intakeFile(file: ReceivedFile, options: IntakeOptions): Promise<StoredFile> {
  const normalised = `${file.tempPath}.out`;
  const thumbnail = `${file.tempPath}.thumb.jpg`;
  try {
    const detection = await detectMediaType(file.tempPath);
    if (!detection.ok) {
      throw new HttpError(
        415,
        `file: the content of ${file.fileName} is ${detection.detected ?? 'not a recognised document format (text or HTML?)'}; only PDF, JPEG, PNG and TIFF are accepted, judged by content, not by name`,
        'file',
      );
    }
    const mediaType = detection.mediaType;
    if (mediaType === 'application/pdf') {
      await place(file.tempPath, attachmentPaths(options.dir, file.sha256).file);
      const size = { byteSize: file.byteSize, width: null, height: null };
      return { sha256: file.sha256, mediaType, hasThumbnail: false, ...size };
    }
    const outcome = await processImage(
      {
        input: file.tempPath,
        output: normalised,
        thumbnail,
        mediaType,
        maxPixels: options.maxPixels,
      },
      options.timeoutMs,
    );
    if (!outcome.ok) {
      if (outcome.reason === 'failed') throw new Error(outcome.message);
      throw new HttpError(422, `file: ${file.fileName}: ${outcome.message}`, 'file');
    }
    const kept = mediaType === 'image/tiff' ? file.tempPath : normalised;
    const sha256 = await sha256Of(kept);
    const byteSize = (await stat(kept)).size;
    const target = attachmentPaths(options.dir, sha256);
    await place(kept, target.file);
    await place(thumbnail, target.thumbnail);
    return {
      sha256,
      mediaType,
      byteSize,
      hasThumbnail: true,
      width: outcome.width,
      height: outcome.height,
    };
  } finally {
    await Promise.all([file.tempPath, normalised, thumbnail].map((p) => rm(p, { force: true })));
  }
}
