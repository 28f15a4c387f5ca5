/**
 * The floors of the source tree and which folders each may import. A folder may always
 * import itself; anything not listed here is an edge up or across a floor.
 */
export const FLOOR_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  core: [],
  'data-import': ['core'],
  tiles: ['core'],
  demo: ['core'],
  server: ['core', 'tiles', 'data-import'],
  web: ['core'],
  scripts: ['core', 'tiles', 'data-import', 'demo', 'server'],
};

/** Source folders whose modules are checked (tests may import every floor). */
export const CHECKED_FOLDERS = Object.keys(FLOOR_IMPORTS);

/** The top-level folder of a path relative to the repository root. */
export function topFolder(relativePath: string): string {
  return relativePath.split('/')[0] ?? '';
}

/** True when a module in folder `from` may import a module in folder `to`. */
export function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  const allowed = FLOOR_IMPORTS[from];
  return allowed === undefined ? true : allowed.includes(to);
}
