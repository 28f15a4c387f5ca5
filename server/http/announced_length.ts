import type { IncomingMessage } from 'node:http';
import type { HttpError } from './http_error';

/**
 * Throws `tooLarge()` when the request announces (Content-Length) a body longer than
 * `maxBodyBytes`, before a byte of it is read. Bodies without a length (chunked) are left
 * to the streaming limit of whoever reads them. Node's HTTP server answers an unread body
 * with `Connection: close` and closes the connection, so the body is never drained.
 */
export function refuseAnnouncedLength(
  req: IncomingMessage,
  maxBodyBytes: number,
  tooLarge: () => HttpError,
): void {
  const announced = req.headers['content-length'];
  if (announced !== undefined && Number(announced) > maxBodyBytes) throw tooLarge();
}
