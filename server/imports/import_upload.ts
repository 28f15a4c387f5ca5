import type { IncomingMessage } from 'node:http';
import { extname } from 'node:path';
import type busboy from 'busboy';
import { concatShared } from '../../core/bytes/shared_bytes';
import type { SourceFile } from '../../data-import/source/import_source';
import { cleanFileName } from '../dossiers/attachment_upload';
import { HttpError, invalidField } from '../http/http_error';
import { readMultipart } from '../http/multipart_body';

/** The files and text fields of one import upload, in memory. */
export interface ImportUpload {
  files: SourceFile[];
  fields: Record<string, string>;
}

const acceptedExtensions = ['zip', 'shp', 'shx', 'dbf', 'prj', 'cpg', 'geojson', 'json'];
const maxFiles = 8;

/**
 * Reads a multipart/form-data import upload: files in the field `files` (or `file`), only
 * with the extensions a dataset has, at most `maxBytes` together (413, from Content-Length
 * before reading when the request announces more), and the text fields named in
 * `fieldNames` (400 for any other). Everything stays in memory (shared, for the read
 * worker), so the caller bounds how many uploads run at once.
 */
export function receiveImportUpload(
  req: IncomingMessage,
  options: { maxBytes: number; fieldNames: readonly string[] },
): Promise<ImportUpload> {
  const received: { name: string; chunks: Buffer[] }[] = [];
  const fields: Record<string, string> = {};
  const reading: Promise<void>[] = [];
  let total = 0;
  let failure: HttpError | undefined;
  const tooLarge = () => {
    const megabytes = Math.round(options.maxBytes / 1_048_576);
    return new HttpError(413, `files: larger than the ${megabytes} MB allowed`, 'files');
  };
  const wire = (parser: busboy.Busboy, abort: (error: HttpError) => void) => {
    parser.on('file', (field, stream, info) => {
      const name = cleanFileName(info.filename);
      const extension = extname(name).slice(1).toLowerCase();
      if (field !== 'files' && field !== 'file') {
        failure ??= invalidField(field, 'unexpected file; send the files in the field "files"');
      } else if (!acceptedExtensions.includes(extension)) {
        failure ??= invalidField(
          'files',
          `${name}: only .zip, .shp/.shx/.dbf/.prj/.cpg and .geojson files are accepted`,
        );
      }
      if (failure) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > options.maxBytes) abort(tooLarge());
        else chunks.push(chunk);
      });
      stream.on('limit', () => abort(tooLarge()));
      reading.push(
        new Promise((done) =>
          stream.on('end', () => {
            received.push({ name, chunks });
            done();
          }),
        ),
      );
    });
    parser.on('field', (field, value) => {
      if (!options.fieldNames.includes(field)) {
        failure ??= invalidField(field, `unknown field; use ${options.fieldNames.join(', ')}`);
      } else if (field in fields) {
        failure ??= invalidField(field, 'given twice');
      } else {
        fields[field] = value;
      }
    });
    parser.on('filesLimit', () => {
      failure ??= invalidField('files', `at most ${maxFiles} files per import`);
    });
    parser.on('fieldsLimit', () => {
      failure ??= invalidField('fields', `at most ${options.fieldNames.length} form fields`);
    });
  };
  return readMultipart(
    req,
    {
      limits: {
        files: maxFiles,
        fileSize: options.maxBytes,
        fields: options.fieldNames.length,
        fieldSize: 8192,
        parts: maxFiles + options.fieldNames.length,
      },
      field: 'files',
      expected: 'the files',
      maxBytes: options.maxBytes,
      tooLarge,
    },
    {
      wire,
      async finish() {
        await Promise.all(reading);
        if (failure) throw failure;
        const files: SourceFile[] = [];
        // In shared memory, joined a few MB at a time: the read worker takes them as they are.
        for (const { name, chunks } of received) {
          const data = await concatShared(chunks);
          if (data.length > 0) files.push({ name, data });
        }
        return { files, fields };
      },
    },
  );
}
