import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian puts the PostgreSQL 15 server binaries (config `DIAGIS_PG_BIN` overrides). */
export const postgresBinDir = (): string => '/usr/lib/postgresql/15/bin';

const postgisControl = '/usr/share/postgresql/15/extension/postgis.control';

/** Thrown when something the system needs is missing and cannot be installed from here. */
export class SetupError extends Error {
  override name = 'SetupError';
}

export const isRoot = (): boolean => process.getuid?.() === 0;

/**
 * Makes sure the PostgreSQL 15 server and PostGIS 3 are installed. As root it installs
 * the Debian packages with apt-get; otherwise it throws a SetupError that says exactly
 * which packages to install.
 */
export function ensurePostgisInstalled(
  log: (message: string) => void,
  binDir = postgresBinDir(),
): void {
  const bin = binDir;
  const missing: string[] = [];
  if (!existsSync(`${bin}/initdb`)) missing.push('postgresql-15');
  if (!existsSync(postgisControl)) missing.push('postgresql-15-postgis-3');
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new SetupError(
      `PostgreSQL 15 with PostGIS 3 is needed for the embedded database. Install it with:\n` +
        `  sudo apt-get install -y ${missing.join(' ')}\n` +
        `or set DATABASE_URL to an existing PostgreSQL 15+ database with PostGIS 3 available.`,
    );
  }
  aptInstall(missing, log);
}

/** A program a command drives, and the Debian package that installs it. */
export interface ToolPackage {
  path: string;
  debianPackage: string;
}

/**
 * What the test suite drives besides the database: GDAL's and QGIS's OAPIF clients (QGIS
 * headless through its Python bindings), Chromium, libxml2's xmllint (the tax export
 * is checked against its published XSD) and poppler's pdftotext (the text of receipt PDFs).
 */
export const testTools: ToolPackage[] = [
  { path: '/usr/bin/ogrinfo', debianPackage: 'gdal-bin' },
  { path: '/usr/bin/ogr2ogr', debianPackage: 'gdal-bin' },
  { path: '/usr/lib/python3/dist-packages/qgis/core/__init__.py', debianPackage: 'python3-qgis' },
  { path: '/usr/lib/qgis/plugins/libprovider_wfs.so', debianPackage: 'qgis-providers' },
  { path: '/usr/bin/chromium', debianPackage: 'chromium' },
  { path: '/usr/bin/xmllint', debianPackage: 'libxml2-utils' },
  { path: '/usr/bin/pdftotext', debianPackage: 'poppler-utils' },
];

/** What `npm run bench:import` compares against: shp2pgsql (and psql to run its output). */
export const importBenchTools: ToolPackage[] = [
  { path: '/usr/bin/shp2pgsql', debianPackage: 'postgis' },
  { path: '/usr/lib/postgresql/15/bin/psql', debianPackage: 'postgresql-client-15' },
];

/**
 * Makes sure the programs `purpose` drives are installed: as root it installs the missing
 * Debian packages; otherwise it throws a SetupError with the exact apt-get line.
 */
export function ensureTools(
  tools: ToolPackage[],
  purpose: string,
  log: (message: string) => void,
): void {
  const missing = [
    ...new Set(tools.filter((tool) => !existsSync(tool.path)).map((tool) => tool.debianPackage)),
  ];
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new SetupError(
      `${purpose} needs ${missing.join(', ')}. Install with:\n` +
        `  sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  aptInstall(missing, log);
}

/** Installs Debian packages as root, non-interactively; throws SetupError on failure. */
export function aptInstall(packages: string[], log: (message: string) => void): void {
  log(`Installing ${packages.join(', ')} with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: 'inherit',
      env,
    });
  } catch {
    throw new SetupError(
      `apt-get could not install ${packages.join(' ')}. Install them by hand ` +
        `(apt-get install -y ${packages.join(' ')}) and run the command again.`,
    );
  }
}
