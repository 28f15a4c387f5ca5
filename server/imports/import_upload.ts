import type { IncomingMessage } from 'node:http';
import { extname } from 'node:path';
import type busboy from 'busboy';
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
 * with the extensions a dataset has, at most `maxBytes` together (413), and the text
 * fields named in `fieldNames` (400 for any other). Everything stays in memory, so the
 * caller bounds how many uploads run at once.
 */
export function receiveImportUpload(
  req: IncomingMessage,
  options: { maxBytes: number; fieldNames: readonly string[] },
): Promise<ImportUpload> {
  const files: SourceFile[] = [];
  const fields: Record<string, string> = {};
  const reading: Promise<void>[] = [];
  let total = 0;
  let tooLarge = false;
  let failure: HttpError | undefined;
  const wire = (parser: busboy.Busboy) => {
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
      if (failure || tooLarge) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > options.maxBytes) tooLarge = true;
        if (!tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        tooLarge = true;
      });
      reading.push(
        new Promise((done) =>
          stream.on('end', () => {
            files.push({ name, data: Buffer.concat(chunks) });
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
    },
    {
      wire,
      async finish() {
        await Promise.all(reading);
        if (failure) throw failure;
        if (tooLarge) {
          const megabytes = Math.round(options.maxBytes / 1_048_576);
          throw new HttpError(413, `files: larger than the ${megabytes} MB allowed`, 'files');
        }
        return { files: files.filter((file) => file.data.length > 0), fields };
      },
    },
  );
}
