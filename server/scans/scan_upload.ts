import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type busboy from 'busboy';
import { cleanFileName } from '../dossiers/attachment_upload';
import { HttpError, invalidField } from '../http/http_error';
import { readMultipart } from '../http/multipart_body';

/** A scanned sheet upload: the image in a temp file, the small parts as text. */
export interface ScanUpload {
  imagePath: string | undefined;
  fileName: string;
  /** Text fields and the small files (world, gcp, prj) read as UTF-8 text. */
  fields: Record<string, string>;
}

/** Parts sent as files whose content is read as text. */
const textFiles = ['world', 'gcp', 'prj'] as const;
/** Text fields accepted besides those. */
const textFields = ['srid', 'mapSheetId', 'communeCode', 'sheetNo', 'title', ...textFiles];
/** Largest world file, GCP JSON or .prj. */
const maxTextBytes = 256 * 1024;

/**
 * Reads a multipart/form-data scan upload: the `image` file streamed to `tempDir`
 * (413 beyond `maxBytes`, from Content-Length before reading when the request announces
 * more), `world`, `gcp` and `prj` as files or text fields, and the
 * fields `srid`, `mapSheetId`, `communeCode`, `sheetNo`, `title`. Unknown parts are a 400
 * naming them. The caller removes `imagePath`.
 */
export function receiveScanUpload(
  req: IncomingMessage,
  options: { tempDir: string; maxBytes: number },
): Promise<ScanUpload> {
  const tempPath = join(options.tempDir, `scan-upload-${randomUUID()}`);
  const fields: Record<string, string> = {};
  const pending: Promise<unknown>[] = [];
  let image: Promise<number> | undefined;
  let fileName = 'scan';
  let failure: HttpError | undefined;
  const tooLarge = () =>
    new HttpError(
      413,
      `image: larger than the ${options.maxBytes / 1_048_576} MB allowed`,
      'image',
    );
  const wire = (parser: busboy.Busboy, abort: (error: HttpError) => void) => {
    parser.on('file', (field, stream, info) => {
      if (field === 'image' && !image) {
        fileName = cleanFileName(info.filename);
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
        });
        stream.on('limit', () => abort(tooLarge()));
        image = pipeline(stream, createWriteStream(tempPath, { flags: 'wx' })).then(() => size);
        image.catch(() => {});
        return;
      }
      if (!(textFiles as readonly string[]).includes(field) || fields[field] !== undefined) {
        failure ??= invalidField(
          field,
          'unexpected file; send one "image" and optionally one "world", "gcp" or "prj"',
        );
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxTextBytes) chunks.push(chunk);
      });
      pending.push(
        new Promise<void>((done) =>
          stream.on('end', () => {
            if (size > maxTextBytes)
              failure ??= invalidField(field, `must be at most ${maxTextBytes / 1024} KB`);
            else fields[field] = Buffer.concat(chunks).toString('utf8');
            done();
          }),
        ),
      );
    });
    parser.on('field', (field, value, info) => {
      if (!textFields.includes(field)) {
        failure ??= invalidField(field, `unknown field; accepted: image, ${textFields.join(', ')}`);
      } else if (info.valueTruncated) {
        failure ??= invalidField(field, `must be at most ${maxTextBytes / 1024} KB`);
      } else if (fields[field] !== undefined) {
        failure ??= invalidField(field, 'sent twice');
      } else {
        fields[field] = value;
      }
    });
    parser.on('filesLimit', () => {
      failure ??= invalidField('image', 'too many files; send image plus world, gcp or prj');
    });
  };
  return readMultipart(
    req,
    {
      limits: {
        files: 4,
        fileSize: options.maxBytes,
        fields: 12,
        fieldSize: maxTextBytes,
        parts: 16,
      },
      field: 'image',
      expected: 'an image file',
      // The image, and the world file, GCPs and .prj when they come as files.
      maxBytes: options.maxBytes + textFiles.length * maxTextBytes,
      tooLarge,
    },
    {
      wire,
      async finish() {
        const size = image ? await image : undefined;
        await Promise.all(pending);
        if (failure) throw failure;
        if (size === undefined || size === 0) {
          throw invalidField(
            'image',
            'is required: a non-empty JPEG, PNG or TIFF in the multipart field "image"',
          );
        }
        return { imagePath: tempPath, fileName, fields };
      },
      async cleanup() {
        // The temporary file is removed once its writer has stopped (it may still be opening).
        await image?.catch(() => {});
        await rm(tempPath, { force: true });
      },
    },
  );
}
