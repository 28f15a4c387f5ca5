import type pg from 'pg';
import type { CollectionView } from './collection_def';
import type { Crs } from './crs';
import type { FeatureRow } from './feature_json';
import { countSql, itemSql, itemsSql } from './items_query';
import type { ItemsQuery } from './query_params';
import { type Reader, readAs } from './read_as';

/** One page of features and the exact number of features matching the query. */
export interface Page {
  rows: FeatureRow[];
  matched: number;
}

/**
 * Reads one page for `reader`: a single query in the usual case; a second, count-only query
 * when the offset lies past the last match (an empty page carries no count).
 */
export function readPage(
  pool: pg.Pool,
  reader: Reader,
  view: CollectionView,
  query: ItemsQuery,
): Promise<Page> {
  return readAs(pool, reader, async (client) => {
    const page = await client.query<FeatureRow & { matched: string }>(itemsSql(view, query));
    const first = page.rows[0];
    if (first) return { rows: page.rows, matched: Number(first.matched) };
    if (query.offset === 0) return { rows: [], matched: 0 };
    const count = await client.query<{ matched: string }>(countSql(view, query));
    return { rows: [], matched: Number(count.rows[0]?.matched ?? 0) };
  });
}

/** One feature by id, or undefined when it does not exist or `reader` may not see it. */
export function readFeature(
  pool: pg.Pool,
  reader: Reader,
  view: CollectionView,
  featureId: number,
  crs: Crs,
): Promise<FeatureRow | undefined> {
  return readAs(pool, reader, async (client) => {
    const { rows } = await client.query<FeatureRow>(itemSql(view, featureId, crs));
    return rows[0];
  });
}
