import { join } from 'node:path';

/** Where a stored file and its thumbnail live: `<dir>/ab/abcdef…` under the content hash. */
export function attachmentPaths(dir: string, sha256: string): { file: string; thumbnail: string } {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  const folder = join(dir, sha256.slice(0, 2));
  return { file: join(folder, sha256), thumbnail: join(folder, `${sha256}.thumb.jpg`) };
}
