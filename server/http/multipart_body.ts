import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { refuseAnnouncedLength } from './announced_length';
import { HttpError } from './http_error';

/** What one kind of upload does with the parts of a multipart/form-data body. */
export interface MultipartReader<T> {
  /**
   * Registers its handlers for the parts (`file`, `field`, `filesLimit`, ...). `abort`
   * ends the upload at once with that error (a file over its limit): the rest of the body
   * is not read.
   */
  wire(parser: busboy.Busboy, abort: (error: HttpError) => void): void;
  /** After the whole body was read: the result, or a 4xx naming the field and the rule. */
  finish(): Promise<T>;
  /** Removes whatever was written so far; runs on every failure. */
  cleanup?(): Promise<void>;
}

/** Room for one part's headers and boundary in a body (busboy reads at most 16 KB of them). */
const partOverheadBytes = 16 * 1024 + 256;

/**
 * Reads a multipart/form-data request with busboy within `limits`: 415 when it is not
 * multipart; `tooLarge()` (a 413) when Content-Length announces more than `maxBytes` of
 * files plus room for the form's fields and part headers, before anything is read, or when
 * a body without a length grows past that while it streams; 400 when the body is
 * malformed or the client hangs up mid-upload; otherwise what `reader.finish` makes of the
 * parts. `field` names the main part in those errors.
 */
export function readMultipart<T>(
  req: IncomingMessage,
  options: {
    limits: busboy.Limits;
    field: string;
    expected: string;
    maxBytes: number;
    tooLarge: () => HttpError;
  },
  reader: MultipartReader<T>,
): Promise<T> {
  const { field, limits } = options;
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits });
  } catch {
    return Promise.reject(
      new HttpError(
        415,
        `Content-Type: must be multipart/form-data with ${options.expected}`,
        field,
      ),
    );
  }
  const formBytes = (limits.parts ?? 16) * ((limits.fieldSize ?? 1_048_576) + partOverheadBytes);
  const maxBodyBytes = options.maxBytes + formBytes;
  try {
    refuseAnnouncedLength(req, maxBodyBytes, options.tooLarge);
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise((resolve, reject) => {
    let settled = false;
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) abort(options.tooLarge());
    };
    const fail = async (error: unknown) => {
      if (settled) return;
      settled = true;
      await reader.cleanup?.().catch(() => {});
      reject(error);
    };
    // Stops reading: the answer goes out now, and Node closes the connection after it.
    // The parser is destroyed on the next turn, outside its own callbacks (busboy goes on
    // with the chunk in hand after a handler returns).
    const abort = (error: HttpError) => {
      if (settled) return;
      req.off('data', count);
      req.unpipe(parser);
      req.pause();
      void fail(error);
      setImmediate(() => parser.destroy());
    };
    // A destroyed parser fails the open file part with an error: never an uncaught one.
    parser.on('file', (_name, stream) => stream.on('error', () => {}));
    reader.wire(parser, abort);
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
    req.on('data', count);
    req.pipe(parser);
  });
}
