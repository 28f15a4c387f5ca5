import yauzl from 'yauzl';
import { ImportError } from '../import_error';
import type { SourceFile } from './source_file';

export interface ZipLimits {
  /** Largest total of uncompressed bytes. */
  maxBytes: number;
  maxEntries: number;
}

const symlinkMode = 0o120000;
const fileTypeMask = 0o170000;

/** Why an entry name is refused, or undefined when it is a plain relative path. */
export function unsafeEntryReason(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL byte';
  if (/^([/\\]|[A-Za-z]:)/.test(name)) return 'is an absolute path';
  if (name.split(/[/\\]/).includes('..')) return 'climbs out of the folder with ..';
  return undefined;
}

/**
 * The files of a zip, in memory. Refuses the whole zip when any entry has an absolute path,
 * a `..` segment or is a symbolic link, when it has more than `maxEntries` entries, or when
 * the entries (as declared, and as actually inflated) exceed `maxBytes`.
 */
export async function readZipEntries(zip: SourceFile, limits: ZipLimits): Promise<SourceFile[]> {
  let archive: yauzl.ZipFile;
  try {
    archive = await yauzl.fromBufferPromise(zip.data, { lazyEntries: true, decodeStrings: false });
  } catch (error) {
    throw new ImportError(
      'file_invalid',
      `${zip.name} is not a readable zip: ${(error as Error).message}`,
      zip.name,
    );
  }
  const files: SourceFile[] = [];
  let total = 0;
  let count = 0;
  try {
    for await (const entry of archive.eachEntry()) {
      count += 1;
      if (count > limits.maxEntries) {
        throw new ImportError(
          'file_too_large',
          `${zip.name} has more than ${limits.maxEntries} entries`,
          zip.name,
        );
      }
      const name = (entry.fileName as unknown as Buffer).toString('utf8');
      const unsafe = unsafeEntryReason(name);
      if (unsafe)
        throw new ImportError(
          'file_unsafe',
          `${zip.name}: entry "${name}" ${unsafe}; the zip is refused`,
          zip.name,
        );
      if (((entry.externalFileAttributes >>> 16) & fileTypeMask) === symlinkMode) {
        throw new ImportError(
          'file_unsafe',
          `${zip.name}: entry "${name}" is a symbolic link; the zip is refused`,
          zip.name,
        );
      }
      if (name.endsWith('/')) continue;
      total += entry.uncompressedSize;
      if (total > limits.maxBytes) {
        throw new ImportError(
          'file_too_large',
          `${zip.name} unpacks to more than ${limits.maxBytes} bytes`,
          zip.name,
        );
      }
      const chunks: Buffer[] = [];
      try {
        // yauzl stops an entry that inflates to more than its declared size.
        const stream = await archive.openReadStreamPromise(entry);
        for await (const chunk of stream) chunks.push(chunk as Buffer);
      } catch (error) {
        throw new ImportError(
          'file_invalid',
          `${zip.name}: entry "${name}" cannot be unpacked (${(error as Error).message}); the zip is refused`,
          zip.name,
        );
      }
      files.push({ name: name.split('/').pop() ?? name, data: Buffer.concat(chunks) });
    }
  } finally {
    archive.close();
  }
  return files;
}
