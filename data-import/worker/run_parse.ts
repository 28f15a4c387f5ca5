import { Worker } from 'node:worker_threads';
import { ImportError } from '../import_error';
import type { ParseMessage, ParseMeta, ParseRequest } from './parse_request';

const workerUrl = new URL('./parse_worker_entry.mjs', import.meta.url);

export interface ParseHandlers {
  onMeta(meta: ParseMeta): void;
  /** A chunk of COPY text lines; return a promise to slow the reader down while it is stored. */
  onRows(text: string, count: number): void;
}

/**
 * Parses in a worker thread so a pathological file cannot block the event loop; the
 * worker is terminated after `timeoutMs` and the parse fails with `parse_timeout`.
 * Resolves with the number of rows produced.
 */
export function runParse(
  request: ParseRequest,
  timeoutMs: number,
  handlers: ParseHandlers,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: request,
    });
    let settled = false;
    const finish = (error: Error | undefined, rows = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (error) reject(error);
      else resolve(rows);
    };
    const timer = setTimeout(() => {
      finish(
        new ImportError(
          'parse_timeout',
          `${request.name}: reading took longer than ${timeoutMs} ms and was stopped`,
          request.name,
        ),
      );
    }, timeoutMs);
    worker.on('message', (message: ParseMessage) => {
      if (settled) return;
      try {
        if (message.type === 'meta') handlers.onMeta(message.meta);
        else if (message.type === 'rows') handlers.onRows(message.text, message.count);
        else if (message.type === 'done') finish(undefined, message.features);
        else if (message.code === 'internal')
          finish(new Error(`parsing ${request.name} failed: ${message.message}`));
        else finish(new ImportError(message.code, message.message, message.file, message.record));
      } catch (error) {
        finish(error as Error);
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) =>
      finish(new Error(`the parse worker stopped (exit code ${code}) before it finished`)),
    );
  });
}
