import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';

/** The file types a dossier accepts: scans and photos of documents. */
export const acceptedMediaTypes = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
] as const;
export type AcceptedMediaType = (typeof acceptedMediaTypes)[number];

export type Detection =
  | { ok: true; mediaType: AcceptedMediaType; extension: string }
  | { ok: false; detected: string | undefined };

const headerBytes = 4100;

/**
 * The type of the file at `path`, decided from its content (magic bytes, via the
 * `file-type` package) and never from its name or the client's Content-Type.
 */
export async function detectMediaType(path: string): Promise<Detection> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(headerBytes);
    const { bytesRead } = await handle.read(header, 0, headerBytes, 0);
    const type = await fileTypeFromBuffer(header.subarray(0, bytesRead));
    const accepted = (acceptedMediaTypes as readonly string[]).includes(type?.mime ?? '');
    return accepted && type
      ? { ok: true, mediaType: type.mime as AcceptedMediaType, extension: type.ext }
      : { ok: false, detected: type?.mime };
  } finally {
    await handle.close();
  }
}
