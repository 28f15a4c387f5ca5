import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const stampName = '.source-hash';

function sourceFiles(dir: string, skip: Set<string>): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (skip.has(path)) return [];
      return statSync(path).isDirectory() ? sourceFiles(path, skip) : [path];
    });
}

/** A hash of everything the web build reads: its sources and the locked dependency versions. */
export function webSourceHash(webDir: string, lockFile: string): string {
  const hash = createHash('sha256');
  for (const file of [...sourceFiles(webDir, new Set([join(webDir, 'dist')])), lockFile]) {
    hash.update(relative(webDir, file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Builds the web client with Vite into `<webDir>/dist` unless the last build was made
 * from the same sources. Returns true when it built.
 */
export async function buildWebIfStale(
  webDir: string,
  lockFile: string,
  log: (message: string) => void,
): Promise<boolean> {
  const outDir = join(webDir, 'dist');
  const stamp = join(outDir, stampName);
  const hash = webSourceHash(webDir, lockFile);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  log('Building the web client...');
  const { build } = await import('vite');
  await build({ root: webDir, configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, hash);
  return true;
}
