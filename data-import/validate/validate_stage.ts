import type pg from 'pg';
import type { BoxPairs } from '../geometry/feature_boxes';
import type { ResolvedImportOptions } from '../import_options';
import * as sql from './stage_sql';

/** How long each pass took (ms), for profiling (`DIAGIS_IMPORT_TIMINGS=1`). */
export type PhaseTimings = Record<string, number>;

/** Runs `query` and adds its duration to `timings[name]`. */
export async function timed<T>(
  timings: PhaseTimings,
  name: string,
  query: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await query();
  } finally {
    timings[name] = (timings[name] ?? 0) + (performance.now() - started);
  }
}

/**
 * Runs every rule over the staging table (ANALYZEd first). Afterwards import_issue lists
 * the problems, import_feature holds one checked row per feature and import_write the
 * features without an error, with the parcel, version and party ids they will be written
 * under. `targetSrid` is the zone every staged geometry is in; `overlapCandidates` are the
 * pairs of staged features whose boxes overlap by more than the tolerance (the parse
 * worker's `FeatureBoxes`), the only pairs that can overlap each other by more.
 */
export async function validateStage(
  client: pg.ClientBase,
  options: ResolvedImportOptions,
  targetSrid: number,
  overlapCandidates: BoxPairs,
  timings: PhaseTimings = {},
): Promise<void> {
  await timed(timings, 'analyze stage', () => client.query(sql.analyzeStage));
  await timed(timings, 'check features', () =>
    client.query(sql.checkFeatures, [options.onError === 'repair']),
  );
  if (options.onError === 'repair') {
    await timed(timings, 'apply repairs', () => client.query(sql.applyRepairs));
  }
  await timed(timings, 'collect issues', () =>
    client.query(sql.collectIssues, [
      options.areaTolerancePercent,
      options.onExisting === 'reject',
    ]),
  );
  if (overlapCandidates.earlier.length > 0) {
    await timed(timings, 'overlaps in file', () =>
      client.query(sql.overlapsInFile, [
        options.overlapToleranceM2,
        overlapCandidates.earlier,
        overlapCandidates.later,
      ]),
    );
  }
  const near = await timed(timings, 'overlap probe', () =>
    client.query<{ existing: boolean }>(sql.existingNearStage, [targetSrid]),
  );
  if (near.rows[0]?.existing) {
    await timed(timings, 'index stage', () => client.query(sql.indexStage));
    await timed(timings, 'overlaps', () =>
      client.query(sql.overlapsExisting, [options.overlapToleranceM2, targetSrid]),
    );
  }
  const sequences = (await client.query(sql.sequences)).rows[0];
  await timed(timings, 'settle', () =>
    client.query(sql.settle, [sequences.parcel, sequences.version, sequences.party]),
  );
}
