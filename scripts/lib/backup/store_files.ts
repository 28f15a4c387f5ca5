import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Every regular file under `dir`, as sorted POSIX paths relative to it; none when `dir` is absent. */
export async function listStoreFiles(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Size and SHA-256 of the file at `path`. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Copies `from` to `to` through `<to>.partial`, renamed when complete, so an interrupted
 * copy never leaves a file under its final name; with `expectedSha256`, a copy whose bytes
 * hash otherwise is removed instead of renamed. Returns the size and SHA-256 of the bytes
 * read.
 */
export async function copyFileHashed(
  from: string,
  to: string,
  expectedSha256?: string,
): Promise<{ size: number; sha256: string }> {
  await mkdir(dirname(to), { recursive: true });
  const partial = `${to}.partial`;
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(from), tap, createWriteStream(partial));
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  const sha256 = hash.digest('hex');
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) await rm(partial, { force: true });
  else await rename(partial, to);
  return { size, sha256 };
}

/** `dir` joined with a manifest path, or undefined when the path would leave `dir`. */
export function pathInside(dir: string, path: string): string | undefined {
  const clean = normalize(path);
  if (isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`)) return undefined;
  return join(dir, clean);
}
