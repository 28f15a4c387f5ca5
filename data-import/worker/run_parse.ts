import { Worker } from 'node:worker_threads';
import { toShared } from '../../core/bytes/shared_bytes';
import type { BoxList, BoxPairs } from '../geometry/feature_boxes';
import { ImportError } from '../import_error';
import type { ParseMessage, ParseMeta, ReadRequest } from './parse_request';
import { readHeapLimitMb } from './read_memory';

const workerUrl = new URL('./parse_worker_entry.mjs', import.meta.url);
const mebibyte = 1_048_576;

export interface ParseHandlers {
  onMeta(meta: ParseMeta): void;
  /** A chunk of COPY text lines as UTF-8 bytes (transferred from the worker, never copied). */
  onRows(bytes: Buffer, count: number): void;
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
 * Unpacks and parses an upload in a worker thread, so neither inflating a zip nor parsing
 * can block the event loop: the main thread hands over the file bytes (shared, not
 * copied) and passes the rows on. The worker's heap is capped at `heapMb` (by default
 * `readHeapLimitMb` of the request's size limit); reaching it kills the worker alone and
 * the read fails with `file_too_large`. It is also terminated after `timeoutMs`
 * (`parse_timeout`).
 */
export async function runParse(
  request: ReadRequest,
  timeoutMs: number,
  handlers: ParseHandlers,
  heapMb = readHeapLimitMb(request.zipLimits.maxBytes),
): Promise<ParseResult> {
  const files: [string, Uint8Array][] = [];
  for (const [name, data] of request.source.files) files.push([name, await toShared(data)]);
  const name = request.source.name;
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, {
      workerData: { ...request, source: { name, files } },
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
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
          `${name}: reading took longer than ${timeoutMs} ms and was stopped`,
          name,
        ),
      );
    }, timeoutMs);
    worker.on('message', (message: ParseMessage) => {
      if (settled) return;
      try {
        if (message.type === 'meta') handlers.onMeta(message.meta);
        else if (message.type === 'rows') {
          const { bytes } = message;
          handlers.onRows(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), message.count);
        } else if (message.type === 'done')
          finish({
            features: message.features,
            boxes: message.boxes,
            overlapCandidates: message.overlapCandidates,
          });
        else if (message.code === 'internal')
          finish(new Error(`parsing ${name} failed: ${message.message}`));
        else finish(new ImportError(message.code, message.message, message.file, message.record));
      } catch (error) {
        finish(error as Error);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return finish(error);
      const limitMb = Math.round(request.zipLimits.maxBytes / mebibyte);
      finish(
        new ImportError(
          'file_too_large',
          `${name}: reading it needs more than the ${heapMb} MB of memory allowed for an import of at most ${limitMb} MB; the reader was stopped`,
          name,
        ),
      );
    });
    worker.on('exit', (code) =>
      finish(new Error(`the parse worker stopped (exit code ${code}) before it finished`)),
    );
  });
}
