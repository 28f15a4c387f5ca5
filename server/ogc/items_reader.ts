import type { CollectionView } from './collection_def';
import type { Crs } from './crs';
import type { FeatureRow } from './feature_json';
import { countSql, itemSql, itemsSql } from './items_query';
import type { ItemsQuery } from './query_params';
import { type Reader, type ReadPools, readAs } from './read_as';

/** One page of features, the exact number of matches when counted, and whether more follow. */
export interface Page {
  rows: FeatureRow[];
  /** Exact; undefined on `after` pages, which are not counted. */
  matched: number | undefined;
  /** True when features follow the last row (the page has a next link). */
  more: boolean;
}

/**
 * Reads one page for `reader`: a single query in the usual case; a second, count-only query
 * when an offset lies past the last match (an empty page carries no count). Pages asked
 * with `after` (where next links lead) are not counted: numberMatched is optional in OGC
 * API - Features, and a client following next links has it from the first page.
 */
export function readPage(
  pools: ReadPools,
  reader: Reader,
  view: CollectionView,
  query: ItemsQuery,
): Promise<Page> {
  const counted = query.after === undefined;
  return readAs(pools, reader, async (client) => {
    const page = await client.query<FeatureRow & { matched: string | null }>(
      itemsSql(view, query, counted),
    );
    const more = page.rows.length > query.limit;
    const rows = more ? page.rows.slice(0, query.limit) : page.rows;
    const first = rows[0];
    if (!counted) return { rows, matched: undefined, more };
    if (first) return { rows, matched: Number(first.matched), more };
    if (query.offset === 0) return { rows: [], matched: 0, more: false };
    const count = await client.query<{ matched: string }>(countSql(view, query));
    return { rows: [], matched: Number(count.rows[0]?.matched ?? 0), more: false };
  });
}

/** One feature by id, or undefined when it does not exist or `reader` may not see it. */
export function readFeature(
  pools: ReadPools,
  reader: Reader,
  view: CollectionView,
  featureId: number,
  crs: Crs,
): Promise<FeatureRow | undefined> {
  return readAs(pools, reader, async (client) => {
    const { rows } = await client.query<FeatureRow>(itemSql(view, featureId, crs));
    return rows[0];
  });
}
