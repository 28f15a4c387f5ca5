/**
 * The module graph of the repository's TypeScript sources: every relative import,
 * type-only ones included, resolved to a file. Package imports are not edges.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface ImportGraph {
  /** Repository-relative module paths. */
  modules: string[];
  /** module → the modules it imports */
  edges: Map<string, string[]>;
}

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.tsx'];
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.data', 'fixtures', 'fonts']);

export function buildImportGraph(root: string, folders: readonly string[]): ImportGraph {
  const modules = folders.flatMap((folder) => listSources(root, folder));
  const edges = new Map<string, string[]>();
  for (const module of modules) {
    const text = readFileSync(path.join(root, module), 'utf8');
    const imported = ts
      .preProcessFile(text, true, true)
      .importedFiles.map((file) => resolveRelative(root, module, file.fileName))
      .filter((target): target is string => target !== null);
    edges.set(module, [...new Set(imported)]);
  }
  return { modules, edges };
}

function listSources(root: string, folder: string): string[] {
  const start = path.join(root, folder);
  if (!existsSync(start)) return [];
  const found: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const full = path.join(directory, name);
      if (statSync(full).isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(full);
      } else if (SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts')) {
        found.push(path.relative(root, full));
      }
    }
  };
  walk(start);
  return found.sort();
}

/** Resolves './x.js' style specifiers to the source file they name, or null for packages. */
function resolveRelative(root: string, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.join(path.dirname(from), specifier);
  const stem = base.replace(/\.(m?js|ts|mts|tsx)$/, '');
  const candidates = [
    base,
    ...SOURCE_EXTENSIONS.map((ext) => stem + ext),
    ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  for (const candidate of candidates) {
    const full = path.join(root, candidate);
    if (existsSync(full) && statSync(full).isFile()) return path.normalize(candidate);
  }
  return path.normalize(base);
}
