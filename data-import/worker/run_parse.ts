import { Worker } from 'node:worker_threads';
import type { BoxList, BoxPairs } from '../geometry/feature_boxes';
import { ImportError } from '../import_error';
import type { ParseMessage, ParseMeta, ParseRequest } from './parse_request';

const workerUrl = new URL('./parse_worker_entry.mjs', import.meta.url);

export interface ParseHandlers {
  onMeta(meta: ParseMeta): void;
  /** A chunk of COPY text lines; return a promise to slow the reader down while it is stored. */
  onRows(text: string, count: number): void;
}

/** What a finished parse hands back besides the rows. */
export interface ParseResult {
  /** Rows produced. */
  features: number;
  /** The box of every staged geometry, by feature number. */
  boxes: BoxList;
  /** Features whose boxes overlap by more than the tolerance (`FeatureBoxes`). */
  overlapCandidates: BoxPairs;
}

/**
 * Parses in a worker thread so a pathological file cannot block the event loop; the
 * worker is terminated after `timeoutMs` and the parse fails with `parse_timeout`.
 */
export function runParse(
  request: ParseRequest,
  timeoutMs: number,
  handlers: ParseHandlers,
): Promise<ParseResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: request,
    });
    let settled = false;
    const finish = (outcome: Error | ParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
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
        else if (message.type === 'done')
          finish({
            features: message.features,
            boxes: message.boxes,
            overlapCandidates: message.overlapCandidates,
          });
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
