// Imports a scanned map sheet georeferenced by a world file or ground control points:
//   npm run import:scan -- to-12.jpg --world to-12.jgw --srid 9209 [--commune 31501 --sheet 12]
//   npm run import:scan -- to-12.tif --gcp to-12.gcp.json --srid 9209
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import pg from 'pg';
import { guardPoolClients } from '../core/db/client_errors';
import { RasterInputError } from '../data-import/raster/raster_input_error';
import { importScannedSheet, type ScanImportPhase } from '../data-import/raster/scan_import';
import { loadConfig } from '../server/config';
import { cliDatabaseUrl } from './lib/cli_database_url';

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  return parsed;
};

const program = new Command('import:scan')
  .argument('<image>', 'scanned sheet: JPEG, PNG or TIFF')
  .option('--world <file>', 'world file (.jgw, .pgw, .tfw, .wld)')
  .option('--gcp <json>', 'control points: JSON array of {id?, col, row, x, y}')
  .option('--srid <srid>', 'VN-2000 zone of the coordinates (e.g. 9209)', integer)
  .option('--prj <file>', '.prj naming the zone, when --srid is not given')
  .option('--map-sheet <id>', 'the digital map sheet this scan is of', integer)
  .option('--commune <code>', 'commune code the sheet was surveyed under')
  .option('--sheet <number>', 'sheet number in that commune', integer)
  .option('--title <text>', 'a title for the list')
  .option('--replace <id>', 'replace scanned sheet <id> instead of adding one', integer)
  .option('--user-id <id>', 'user recorded as the uploader', integer)
  .option(
    '--database-url <url>',
    'PostgreSQL connection URL (default: DATABASE_URL, else the embedded cluster)',
  )
  .parse();

const opts = program.opts<{
  world?: string;
  gcp?: string;
  srid?: number;
  prj?: string;
  mapSheet?: number;
  commune?: string;
  sheet?: number;
  title?: string;
  replace?: number;
  userId?: number;
  databaseUrl?: string;
}>();
if (Boolean(opts.world) === Boolean(opts.gcp))
  program.error('give exactly one of --world or --gcp');
if (opts.srid === undefined && !opts.prj) program.error('give --srid (e.g. 9209) or --prj');
const { config } = loadConfig();
const databaseUrl = await cliDatabaseUrl(opts.databaseUrl, config);

const image = program.args[0] as string;
const phases: ScanImportPhase[] = ['checking', 'normalising', 'placing', 'storing', 'done'];
// A lost connection fails the running import with its own message instead of an unhandled event.
const pool = guardPoolClients(
  new pg.Pool({
    connectionString: databaseUrl,
    max: 2,
    application_name: 'diagis-import-scan',
  }),
  () => {},
);
const bar = new cliProgress.SingleBar(
  { format: '{phase} [{bar}] {value}/{total} steps', hideCursor: true },
  cliProgress.Presets.shades_classic,
);
try {
  bar.start(phases.length, 0, { phase: 'reading    ' });
  const result = await importScannedSheet(
    pool,
    {
      imagePath: image,
      fileName: basename(image),
      georef: opts.world
        ? { kind: 'world', text: readFileSync(opts.world, 'utf8') }
        : { kind: 'gcp', text: readFileSync(opts.gcp as string, 'utf8') },
      srid: opts.srid,
      prj: opts.prj ? readFileSync(opts.prj, 'utf8') : undefined,
      mapSheetId: opts.mapSheet,
      communeCode: opts.commune,
      sheetNo: opts.sheet,
      title: opts.title,
      userId: opts.userId,
      replaceId: opts.replace,
    },
    {
      storeDir: config.scans.dir,
      maxPixels: config.scans.maxPixels,
      timeoutMs: config.scans.timeoutMs,
      maxRms: config.scans.maxRmsM,
    },
    (phase) => bar.update(phases.indexOf(phase) + 1, { phase: phase.padEnd(11) }),
  );
  bar.stop();
  const { georef } = result;
  console.log(
    `scanned sheet ${result.id} ${result.replaced ? 'replaced' : 'stored'}: ${result.width} x ${result.height} px, ` +
      `EPSG:${result.srid}, ${georef.pixelSize.x.toFixed(3)} m a pixel, by ${georef.method}`,
  );
  if (georef.fit) {
    console.table(
      georef.fit.residuals.map((r) => ({
        id: r.id,
        col: r.col,
        row: r.row,
        dx: r.dx.toFixed(3),
        dy: r.dy.toFixed(3),
        residual: r.residual.toFixed(3),
      })),
    );
    console.log(`RMS ${georef.fit.rms.toFixed(3)} m (limit ${config.scans.maxRmsM} m)`);
  }
} catch (error) {
  bar.stop();
  console.error(`import failed: ${(error as Error).message}`);
  const residuals = error instanceof RasterInputError ? error.details?.residuals : undefined;
  if (residuals) console.table(residuals);
  process.exitCode = error instanceof RasterInputError ? 2 : 1;
} finally {
  await pool.end();
}
