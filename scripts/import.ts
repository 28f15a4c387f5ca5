// Imports a shapefile (.zip or .shp with its parts) or a GeoJSON file as parcels:
//   npm run import -- parcels.zip --commune 31501 --on-error quarantine [--dry-run]
import cliProgress from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import pg from 'pg';
import { parcelFields } from '../core/api/import_job';
import { guardPoolClients } from '../core/db/client_errors';
import { ImportError } from '../data-import/import_error';
import type { ImportOptions } from '../data-import/import_options';
import { previewImport, runImport } from '../data-import/run_import';
import { sourceFromPath } from '../data-import/source/import_source';
import { textEncodings } from '../data-import/text/text_encoding';
import { cliDatabaseUrl } from './lib/cli_database_url';

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer');
  return parsed;
};
const number = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number');
  return parsed;
};
const fieldMapping = (value: string, previous: Record<string, string> = {}) => {
  const [field, name] = value.split('=');
  if (!field || !name || !(parcelFields as readonly string[]).includes(field)) {
    throw new InvalidArgumentError(
      `expected FIELD=ATTRIBUTE with FIELD one of ${parcelFields.join(', ')}`,
    );
  }
  return { ...previous, [field]: name };
};

const program = new Command()
  .name('import')
  .description('Import cadastral parcels from a shapefile (.zip or .shp) or a GeoJSON file')
  .argument('<file>', '.zip, .shp (with .shx/.dbf/.prj/.cpg beside it) or .geojson')
  .option(
    '--database-url <url>',
    'PostgreSQL connection URL (default: DATABASE_URL, else the embedded cluster)',
  )
  .option('--srid <epsg>', 'source CRS when the file has none or a wrong one', integer)
  .addOption(
    new Option('--encoding <name>', 'text encoding of the .dbf').choices([...textEncodings]),
  )
  .option(
    '--field <field=attribute>',
    `map a parcel field (${parcelFields.join(', ')}) to an attribute; repeatable`,
    fieldMapping,
  )
  .option('--commune <code>', 'commune code for files without a commune attribute')
  .addOption(
    new Option(
      '--on-error <mode>',
      'reject the file, quarantine bad features, or also repair invalid geometry',
    )
      .choices(['reject', 'quarantine', 'repair'])
      .default('quarantine'),
  )
  .addOption(
    new Option(
      '--on-existing <mode>',
      'a parcel already present with other values: new version or error',
    )
      .choices(['version', 'reject'])
      .default('version'),
  )
  .option(
    '--area-tolerance <percent>',
    'largest difference between recorded and computed area',
    number,
  )
  .option('--overlap-tolerance <m2>', 'largest overlap with an existing parcel', number)
  .option('--dry-run', 'check everything and report, write no parcels')
  .option(
    '--preview',
    'show CRS, encoding, field mapping and the first decoded features, then stop',
  )
  .option('--user-id <id>', 'the user the import is recorded for', integer)
  .parse();

const opts = program.opts<{
  databaseUrl?: string;
  srid?: number;
  encoding?: ImportOptions['encoding'];
  field?: Record<string, string>;
  commune?: string;
  onError: 'reject' | 'quarantine' | 'repair';
  onExisting: 'version' | 'reject';
  areaTolerance?: number;
  overlapTolerance?: number;
  dryRun?: boolean;
  preview?: boolean;
  userId?: number;
}>();
const databaseUrl = await cliDatabaseUrl(opts.databaseUrl);
const options: ImportOptions = {
  ...(opts.srid !== undefined ? { srid: opts.srid } : {}),
  ...(opts.encoding ? { encoding: opts.encoding } : {}),
  fieldMap: opts.field ?? {},
  ...(opts.commune ? { communeCode: opts.commune } : {}),
  onError: opts.onError,
  onExisting: opts.onExisting,
  ...(opts.areaTolerance !== undefined ? { areaTolerancePercent: opts.areaTolerance } : {}),
  ...(opts.overlapTolerance !== undefined ? { overlapToleranceM2: opts.overlapTolerance } : {}),
  dryRun: opts.dryRun === true,
  ...(opts.userId !== undefined ? { userId: opts.userId } : {}),
};

// A lost connection fails the running import with its own message instead of an unhandled event.
const pool = guardPoolClients(
  new pg.Pool({
    connectionString: databaseUrl,
    max: 3,
    application_name: 'diagis-import',
  }),
  () => {},
);
const bar = new cliProgress.SingleBar(
  { format: '{phase} [{bar}] {value}/{total} features', hideCursor: true },
  cliProgress.Presets.shades_classic,
);
try {
  const source = await sourceFromPath(program.args[0] as string, 2 ** 31 - 1);
  if (opts.preview) {
    const meta = await previewImport(pool, source, options);
    console.log(
      `CRS: EPSG:${meta.sourceSrid} (${meta.crsVia}) -> stored in EPSG:${meta.targetSrid}`,
    );
    console.log(
      `encoding: ${meta.encoding}${meta.encodingScores ? ` ${JSON.stringify(meta.encodingScores)}` : ''}`,
    );
    console.log(`features: ${meta.features}; fields: ${JSON.stringify(meta.fieldMap)}`);
    console.table(meta.preview);
  } else {
    let started = false;
    const report = await runImport(pool, source, options, (progress) => {
      if (!started && progress.total) {
        bar.start(progress.total, 0, { phase: 'reading   ' });
        started = true;
      }
      if (started) bar.update(progress.done, { phase: progress.phase.padEnd(10) });
    });
    bar.stop();
    if (report.refusal) {
      console.error(`import ${report.jobId} refused: ${report.refusal.message}`);
      process.exitCode = 2;
    }
    console.log(
      `job ${report.jobId} ${report.status}${report.dryRun ? ' (dry run, nothing written)' : ''}: ` +
        `${report.features} features, ${report.created} new, ${report.revised} revised, ${report.unchanged} unchanged, ` +
        `${report.quarantined} quarantined, ${report.repaired} repaired`,
    );
    if (Object.keys(report.rules).length > 0) console.log('problems by rule:', report.rules);
  }
} catch (error) {
  bar.stop();
  console.error(`import failed: ${(error as Error).message}`);
  process.exitCode = error instanceof ImportError ? 2 : 1;
} finally {
  await pool.end();
}
