import { asPublic } from '../../core/db/transaction';
import type { CollectionView } from './collection_def';
import { type Crs, supportedCrs, type Vn2000Row } from './crs';
import { type ReadPools, readAs } from './read_as';

/** What a collection document reports about the data, computed from the data once. */
export interface CollectionFacts {
  /** CRS84 bounding box [minlon, minlat, maxlon, maxlat], rounded outwards; null when empty. */
  bbox: readonly [number, number, number, number] | null;
  /** Temporal extent as RFC 3339 instants in Vietnam time; null ends are open. */
  interval: readonly [string | null, string | null] | null;
  /** The SRID every row is stored in, or null when rows use different zones. */
  storageSrid: number | null;
}

/** Data-derived metadata, cached for the life of the router (extents change rarely). */
export interface Catalog {
  crsList(): Promise<readonly Crs[]>;
  facts(view: CollectionView): Promise<CollectionFacts>;
}

const floor7 = (value: number) => Math.floor(value * 1e7) / 1e7;
const ceil7 = (value: number) => Math.ceil(value * 1e7) / 1e7;

function factsSql(view: CollectionView): string {
  const { geometry, temporal } = view.def;
  const srid = geometry.sridSql ?? '4326';
  const range = temporal ? temporal.range : 'NULL::daterange';
  // Why: the CRS84 extent comes from the indexed 3857 column (Mercator maps boxes to
  // boxes), with the time span and storage SRID in the same single scan.
  return `
    SELECT ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax, ST_YMax(e) AS ymax,
           min_srid, max_srid, to_char(t_start, 'YYYY-MM-DD') AS t_start,
           to_char(t_end, 'YYYY-MM-DD') AS t_end, has_range
    FROM (
      SELECT ST_Transform(ST_SetSRID(ST_Extent(${geometry.index3857})::geometry, 3857), 4326) AS e,
             min(${srid}) AS min_srid, max(${srid}) AS max_srid,
             CASE WHEN bool_or(lower_inf(r)) THEN NULL ELSE min(lower(r)) END AS t_start,
             CASE WHEN bool_or(upper_inf(r)) THEN NULL ELSE max(upper(r)) END AS t_end,
             count(r) > 0 AS has_range
      FROM ${view.from} CROSS JOIN LATERAL (SELECT ${range} AS r) AS range_of_row
    ) s`;
}

const instant = (day: string | null) => (day === null ? null : `${day}T00:00:00+07:00`);

async function loadFacts(pools: ReadPools, view: CollectionView): Promise<CollectionFacts> {
  const row = await readAs(pools, { audience: view.audience }, async (client) => {
    const { rows } = await client.query(factsSql(view));
    return rows[0];
  });
  const bbox =
    row?.xmin === null || row?.xmin === undefined
      ? null
      : ([floor7(row.xmin), floor7(row.ymin), ceil7(row.xmax), ceil7(row.ymax)] as const);
  return {
    bbox,
    interval:
      view.def.temporal && row?.has_range ? [instant(row.t_start), instant(row.t_end)] : null,
    storageSrid: row && row.min_srid === row.max_srid ? row.min_srid : null,
  };
}

/**
 * A per-router cache of the CRS list (from `ref.crs`) and of each collection's extent per
 * audience. The first request computes them; a failed computation is retried next time.
 */
export function createCatalog(pools: ReadPools): Catalog {
  let crs: Promise<readonly Crs[]> | undefined;
  const facts = new Map<string, Promise<CollectionFacts>>();

  const remember = <T>(promise: Promise<T>, forget: () => void): Promise<T> => {
    promise.catch(forget);
    return promise;
  };

  return {
    crsList() {
      crs ??= remember(
        asPublic(pools.publicPool, async (client) => {
          // Why: the VN-2000 zones diagis supports are data (ref.crs), not code.
          const { rows } = await client.query<Vn2000Row>(
            'SELECT srid, epsg, name FROM ref.crs ORDER BY central_meridian, srid',
          );
          return supportedCrs(rows);
        }),
        () => {
          crs = undefined;
        },
      );
      return crs;
    },
    facts(view) {
      const key = `${view.def.id}:${view.audience}`;
      let known = facts.get(key);
      if (!known) {
        known = remember(loadFacts(pools, view), () => facts.delete(key));
        facts.set(key, known);
      }
      return known;
    },
  };
}
