import type pg from 'pg';
import { FeatureBoxes } from '../geometry/feature_boxes';
import type { ResolvedImportOptions } from '../import_options';
import type { ParseResult } from '../worker/run_parse';
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
 * under. `targetSrid` is the zone every staged geometry is in; `parsed` brings the parse
 * worker's boxes of the staged geometries and the pairs of them that overlap by more than
 * the tolerance (`FeatureBoxes`): the only pairs of features that can overlap each other by
 * more, and the boxes from which the pairs with current parcels are found.
 */
export async function validateStage(
  client: pg.ClientBase,
  options: ResolvedImportOptions,
  targetSrid: number,
  parsed: Pick<ParseResult, 'boxes' | 'overlapCandidates'>,
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
  const tolerance = options.overlapToleranceM2;
  const inFile = parsed.overlapCandidates;
  if (inFile.first.length > 0) {
    await timed(timings, 'overlaps in file', () =>
      client.query(sql.overlapsInFile, [tolerance, inFile.first, inFile.second]),
    );
  }
  const boxes = new FeatureBoxes(parsed.boxes);
  const extent = boxes.extent();
  if (extent) {
    const existing = await timed(timings, 'existing boxes', () =>
      client.query<{ id: string; min_x: number; min_y: number; max_x: number; max_y: number }>(
        sql.existingBoxes,
        [targetSrid, ...extent],
      ),
    );
    const others = {
      ids: existing.rows.map((row) => Number(row.id)),
      bounds: existing.rows.flatMap((row) => [row.min_x, row.min_y, row.max_x, row.max_y]),
    };
    const pairs = await timed(timings, 'overlap pairs', () => boxes.pairsWith(others, tolerance));
    if (pairs.first.length > 0) {
      await timed(timings, 'overlaps', () =>
        client.query(sql.overlapsExisting, [tolerance, pairs.first, pairs.second]),
      );
    }
  }
  const sequences = (await client.query(sql.sequences)).rows[0];
  await timed(timings, 'settle', () =>
    client.query(sql.settle, [sequences.parcel, sequences.version, sequences.party]),
  );
}
