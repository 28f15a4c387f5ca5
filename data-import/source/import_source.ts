import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ImportError } from '../import_error';
import type { SourceFile } from './source_file';
import { readZipEntries, type ZipLimits } from './zip_entries';

export type { SourceFile };

/** What an import reads: a zip, a shapefile's parts, or a GeoJSON file, already in memory. */
export interface ImportSource {
  /** Name shown in the job and the report (the zip's or the .shp's file name). */
  name: string;
  files: readonly SourceFile[];
}

/** The parts of one dataset, keyed by lower-case extension without the dot. */
export interface DatasetParts {
  kind: 'shapefile' | 'geojson';
  /** The base name the parts share (for messages). */
  name: string;
  parts: ReadonlyMap<string, Buffer>;
}

const shapefileParts = ['shp', 'shx', 'dbf', 'prj', 'cpg'];

/**
 * Reads a local file for the CLI: a .zip, a .geojson/.json, or a .shp with its sibling
 * .shx/.dbf/.prj/.cpg (same base name, any case).
 */
export async function sourceFromPath(path: string, maxBytes: number): Promise<ImportSource> {
  const extension = extname(path).slice(1).toLowerCase();
  const read = async (file: string): Promise<SourceFile> => {
    const { size } = await stat(file);
    if (size > maxBytes) {
      throw new ImportError(
        'file_too_large',
        `${basename(file)} is ${size} bytes, the limit is ${maxBytes}`,
      );
    }
    return { name: basename(file), data: await readFile(file) };
  };
  if (extension !== 'shp') return { name: basename(path), files: [await read(path)] };
  const stem = path.slice(0, -extension.length - 1);
  const files = [await read(path)];
  for (const part of shapefileParts.slice(1)) {
    for (const candidate of [part, part.toUpperCase()]) {
      const file = `${stem}.${candidate}`;
      const found = await stat(file).then(
        () => true,
        () => false,
      );
      if (found) {
        files.push(await read(file));
        break;
      }
    }
  }
  return { name: basename(path), files };
}

const extensionOf = (name: string) => extname(name).slice(1).toLowerCase();

/**
 * Picks the dataset out of a source: unpacks a zip (refusing unsafe entries), then expects
 * exactly one .shp (with its parts) or one .geojson/.json.
 */
export async function datasetParts(source: ImportSource, limits: ZipLimits): Promise<DatasetParts> {
  let files = source.files;
  if (files.length === 1 && extensionOf(files[0]?.name ?? '') === 'zip') {
    files = await readZipEntries(files[0] as SourceFile, limits);
  }
  const total = files.reduce((sum, file) => sum + file.data.length, 0);
  if (total > limits.maxBytes) {
    throw new ImportError(
      'file_too_large',
      `${source.name}: ${total} bytes, the limit is ${limits.maxBytes}`,
    );
  }
  const shps = files.filter((file) => extensionOf(file.name) === 'shp');
  const jsons = files.filter((file) => ['geojson', 'json'].includes(extensionOf(file.name)));
  if (shps.length + jsons.length !== 1) {
    const found = [...shps, ...jsons].map((file) => file.name).join(', ') || 'none';
    throw new ImportError(
      'file_missing',
      `${source.name}: expected one .shp (with .shx and .dbf) or one .geojson, found ${found}`,
    );
  }
  const main = (shps[0] ?? jsons[0]) as SourceFile;
  if (jsons.length === 1) {
    return { kind: 'geojson', name: main.name, parts: new Map([['geojson', main.data]]) };
  }
  const stem = main.name.slice(0, -4).toLowerCase();
  const parts = new Map<string, Buffer>();
  for (const file of files) {
    const extension = extensionOf(file.name);
    const inFolder = basename(file.name);
    if (
      inFolder.slice(0, -extension.length - 1).toLowerCase() === stem &&
      shapefileParts.includes(extension)
    ) {
      parts.set(extension, file.data);
    }
  }
  if (!parts.has('dbf')) {
    throw new ImportError(
      'file_missing',
      `${main.name}: the .dbf with the attributes is missing`,
      main.name,
    );
  }
  return {
    kind: 'shapefile',
    name: join(dirname(main.name), main.name).replace(/^\.\//, ''),
    parts,
  };
}
