import { extname } from 'node:path';
import type { ImportSource, SourceFile } from '../../data-import/source/import_source';
import { invalidField } from '../http/http_error';

const extensionOf = (name: string) => extname(name).slice(1).toLowerCase();
const stemOf = (name: string) => name.slice(0, name.length - extname(name).length).toLowerCase();
const what = 'one .zip, or .shp + .shx + .dbf (with .prj and .cpg when there are), or one .geojson';

/**
 * Turns uploaded files into the importer's source, or a 400 naming `files` and what is
 * wrong: nothing sent, a .zip or .geojson together with other files, a shapefile without
 * its .shp or .dbf, parts with different base names, or two files of one kind.
 */
export function sourceFromUpload(files: readonly SourceFile[]): ImportSource {
  const [first] = files;
  if (!first) throw invalidField('files', `is required: ${what}`);
  const byExtension = new Map<string, SourceFile>();
  for (const file of files) {
    const extension = extensionOf(file.name);
    const twin = byExtension.get(extension);
    if (twin) {
      throw invalidField(
        'files',
        `two .${extension} files (${twin.name}, ${file.name}); send ${what}`,
      );
    }
    byExtension.set(extension, file);
  }
  const single = byExtension.get('zip') ?? byExtension.get('geojson') ?? byExtension.get('json');
  if (single) {
    if (files.length > 1) {
      const names = files.map((file) => file.name).join(', ');
      throw invalidField('files', `${single.name} must be sent alone, got ${names}`);
    }
    return { name: single.name, files };
  }
  // The importer reads the .shp sequentially, so a missing .shx is no reason to refuse.
  const missing = ['shp', 'dbf'].filter((extension) => !byExtension.has(extension));
  if (missing.length > 0) {
    throw invalidField(
      'files',
      `.${missing.join(', .')} missing: a shapefile needs its .shp and .dbf (and usually .shx, .prj)`,
    );
  }
  const shp = byExtension.get('shp') as SourceFile;
  const stranger = files.find((file) => stemOf(file.name) !== stemOf(shp.name));
  if (stranger) {
    throw invalidField('files', `${stranger.name} does not share the base name of ${shp.name}`);
  }
  return { name: shp.name, files };
}
