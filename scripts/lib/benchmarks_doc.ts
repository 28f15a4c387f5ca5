import { readFile, writeFile } from 'node:fs/promises';

/**
 * Replaces the section of docs/benchmarks.md between `<!-- bench:NAME:start -->` and
 * `<!-- bench:NAME:end -->` with `body` (appended at the end the first time); the other
 * benchmarks' sections stay as they are. Returns the file written.
 */
export async function writeBenchmarkSection(name: string, body: string): Promise<string> {
  const file = new URL('../../docs/benchmarks.md', import.meta.url).pathname;
  const startMarker = `<!-- bench:${name}:start -->`;
  const endMarker = `<!-- bench:${name}:end -->`;
  const section = `${startMarker}\n${body}\n${endMarker}`;
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const start = existing.indexOf(startMarker);
  const end = existing.indexOf(endMarker);
  const next =
    start >= 0 && end > start
      ? `${existing.slice(0, start)}${section}${existing.slice(end + endMarker.length)}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
  return file;
}
