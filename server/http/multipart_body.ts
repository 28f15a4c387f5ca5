import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { HttpError } from './http_error';

/** What one kind of upload does with the parts of a multipart/form-data body. */
export interface MultipartReader<T> {
  /** Registers its handlers for the parts (`file`, `field`, `filesLimit`, ...). */
  wire(parser: busboy.Busboy): void;
  /** After the whole body was read: the result, or a 4xx naming the field and the rule. */
  finish(): Promise<T>;
  /** Removes whatever was written so far; runs on every failure. */
  cleanup?(): Promise<void>;
}

/**
 * Reads a multipart/form-data request with busboy within `limits`: 415 when it is not
 * multipart, 400 when the body is malformed or the client hangs up mid-upload, otherwise
 * what `reader.finish` makes of the parts. `field` names the main part in those errors.
 */
export function readMultipart<T>(
  req: IncomingMessage,
  options: { limits: busboy.Limits; field: string; expected: string },
  reader: MultipartReader<T>,
): Promise<T> {
  const { field } = options;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: options.limits });
  } catch {
    return Promise.reject(
      new HttpError(
        415,
        `Content-Type: must be multipart/form-data with ${options.expected}`,
        field,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = async (error: unknown) => {
      if (settled) return;
      settled = true;
      await reader.cleanup?.().catch(() => {});
      reject(error);
    };
    reader.wire(parser);
    parser.on('error', (error: Error) => {
      void fail(
        new HttpError(400, `${field}: the multipart body is malformed (${error.message})`, field),
      );
    });
    parser.on('close', () => {
      reader.finish().then(
        (result) => {
          if (settled) return;
          settled = true;
          resolve(result);
        },
        (error: unknown) => void fail(error),
      );
    });
    // A client that hangs up mid-upload never lets busboy finish: clean up and give up.
    req.on('close', () => {
      if (req.complete) return;
      parser.destroy();
      void fail(new HttpError(400, `${field}: the upload was interrupted before it ended`, field));
    });
    req.pipe(parser);
  });
}
