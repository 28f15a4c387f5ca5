import { createHash } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ImportSource } from './import_source';

/** Bytes hashed between two turns of the event loop (a few milliseconds). */
const sliceBytes = 1_048_576;

/**
 * SHA-256 (hex) of a source's files one after the other, hashed 1 MB per turn of the
 * event loop: hashing a 256 MB upload in one call would hold the server for about half a
 * second.
 */
export async function sourceSha256(source: ImportSource): Promise<string> {
  const hash = createHash('sha256');
  for (const file of source.files) {
    for (let start = 0; start < file.data.length; start += sliceBytes) {
      hash.update(file.data.subarray(start, start + sliceBytes));
      if (start + sliceBytes < file.data.length) await yieldToLoop();
    }
    await yieldToLoop();
  }
  return hash.digest('hex');
}
