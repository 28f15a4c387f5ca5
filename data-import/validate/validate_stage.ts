import type pg from 'pg';
import type { ResolvedImportOptions } from '../import_options';
import * as sql from './stage_sql';

/**
 * Runs every rule over the staging table; afterwards `failed` marks the features with an
 * error and the others carry the parcel and version ids they will be written under.
 */
export async function validateStage(
  client: pg.ClientBase,
  options: ResolvedImportOptions,
): Promise<void> {
  await client.query(sql.resolveCommunes);
  await client.query(sql.unknownCommunes);
  await client.query(sql.readerProblems);
  await client.query(sql.invalidGeometry, [options.onError === 'repair']);
  await client.query(sql.duplicatesInFile);
  await client.query(sql.areaMismatch, [options.areaTolerancePercent]);
  await client.query(sql.classify);
  if (options.onExisting === 'reject') await client.query(sql.duplicatesInDatabase);
  await client.query(sql.overlapsExisting, [options.overlapToleranceM2]);
  await client.query(sql.settle);
}
