import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HttpError, invalidField } from '../http/http_error';
import { readMultipart } from '../http/multipart_body';

/** An uploaded file written to a temporary path, with its size and SHA-256. */
export interface ReceivedFile {
  tempPath: string;
  fileName: string;
  byteSize: number;
  sha256: string;
  documentKind: string | undefined;
}

/** A name safe to store and to send back in Content-Disposition: no folders, no controls. */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const printable = [...base].filter((c) => (c.codePointAt(0) ?? 0) >= 0x20 && c !== '\u007f');
  const cleaned = printable.join('').replaceAll('"', '').trim().slice(0, 200);
  return cleaned.length > 0 ? cleaned : 'attachment';
}

/**
 * Streams the single `file` part of a multipart/form-data request to `tempDir`, hashing
 * it on the way and stopping at `maxBytes` (413, from Content-Length before reading when
 * the request announces more). The optional text field `documentKind`
 * names the document (e.g. "Hợp đồng chuyển nhượng"). The caller removes the temp file.
 */
export function receiveUpload(
  req: IncomingMessage,
  options: { tempDir: string; maxBytes: number },
): Promise<ReceivedFile> {
  const tempPath = join(options.tempDir, `upload-${randomUUID()}`);
  let written: Promise<{ byteSize: number; sha256: string }> | undefined;
  let fileName = 'attachment';
  let documentKind: string | undefined;
  let failure: HttpError | undefined;
  const tooLarge = () =>
    new HttpError(413, `file: larger than the ${options.maxBytes / 1_048_576} MB allowed`, 'file');
  return readMultipart(
    req,
    {
      limits: { files: 1, fileSize: options.maxBytes, fields: 4, fieldSize: 400, parts: 6 },
      field: 'file',
      expected: 'a file field',
      maxBytes: options.maxBytes,
      tooLarge,
    },
    {
      wire(parser, abort) {
        parser.on('file', (field, stream, info) => {
          if (field !== 'file' || written) {
            failure ??= invalidField(field, 'unexpected file; send one file in the field "file"');
            stream.resume();
            return;
          }
          fileName = cleanFileName(info.filename);
          stream.on('limit', () => abort(tooLarge()));
          const hash = createHash('sha256');
          let byteSize = 0;
          const meter = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              hash.update(chunk);
              byteSize += chunk.length;
              done(null, chunk);
            },
          });
          written = pipeline(stream, meter, createWriteStream(tempPath, { flags: 'wx' })).then(
            () => ({ byteSize, sha256: hash.digest('hex') }),
          );
          written.catch(() => {});
        });
        parser.on('field', (field, value) => {
          if (field === 'documentKind') documentKind = value.trim().slice(0, 200) || undefined;
          else
            failure ??= invalidField(
              field,
              'unknown field; send "file" and optionally "documentKind"',
            );
        });
        parser.on('filesLimit', () => {
          failure ??= invalidField('file', 'send exactly one file per request');
        });
      },
      async finish() {
        const file = written ? await written : undefined;
        if (failure) throw failure;
        if (!file || file.byteSize === 0)
          throw invalidField('file', 'is required: a non-empty file in the multipart field "file"');
        return { tempPath, fileName, documentKind, ...file };
      },
      async cleanup() {
        // The temporary file is removed once its writer has stopped (it may still be opening).
        await written?.catch(() => {});
        await rm(tempPath, { force: true });
      },
    },
  );
}
