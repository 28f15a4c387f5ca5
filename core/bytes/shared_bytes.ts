import { setImmediate as yieldToLoop } from 'node:timers/promises';

/** Bytes copied between two turns of the event loop (a few milliseconds of memcpy). */
const sliceBytes = 1_048_576;

/** Whether `data` already lives in shared memory (a worker thread can read it without a copy). */
export const isShared = (data: Uint8Array): boolean => data.buffer instanceof SharedArrayBuffer;

/**
 * Joins `chunks` into one Buffer over a SharedArrayBuffer, copying at most 1 MB per
 * turn of the event loop: a 256 MB upload never holds the loop for the ~100 ms one
 * `Buffer.concat` takes, and the result crosses to a worker thread without being copied.
 */
export async function concatShared(chunks: readonly Uint8Array[]): Promise<Buffer> {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const target = Buffer.from(new SharedArrayBuffer(total));
  let offset = 0;
  let sinceYield = 0;
  for (const chunk of chunks) {
    for (let start = 0; start < chunk.length; start += sliceBytes) {
      const part = chunk.subarray(start, start + sliceBytes);
      target.set(part, offset);
      offset += part.length;
      sinceYield += part.length;
      if (sinceYield >= sliceBytes) {
        sinceYield = 0;
        await yieldToLoop();
      }
    }
  }
  return target;
}

/** `data` itself when it is already shared, otherwise a shared copy made slice by slice. */
export async function toShared(data: Uint8Array): Promise<Uint8Array> {
  return isShared(data) ? data : concatShared([data]);
}
