import type { IncomingMessage } from 'node:http';
import { refuseAnnouncedLength } from './announced_length';
import { HttpError } from './http_error';

/**
 * Reads a plain (not multipart) request body of at most `maxBytes` into memory.
 * `tooLarge()` (a 413) is thrown from Content-Length before anything is read, or as soon
 * as a body without a length grows past the limit: reading stops there, and Node closes
 * the connection after the answer instead of draining the rest. A client that hangs up
 * first gets a 400 naming `field`.
 */
export function readRawBody(
  req: IncomingMessage,
  options: { maxBytes: number; field: string; tooLarge: () => HttpError },
): Promise<Buffer> {
  refuseAnnouncedLength(req, options.maxBytes, options.tooLarge);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: HttpError) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBytes) stop(options.tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      req.off('close', onClose);
      resolve(Buffer.concat(chunks));
    };
    const onClose = () => {
      if (!req.complete) {
        stop(
          new HttpError(
            400,
            `${options.field}: the upload was interrupted before it ended`,
            options.field,
          ),
        );
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
  });
}
