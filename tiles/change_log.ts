import type pg from 'pg';
import type { Bbox3857 } from './tile_math';

/** What one change touched: layer ids and the EPSG:3857 box of old and new geometries. */
export interface TileChange {
  layers: string[];
  bbox: Bbox3857;
}

/** The NOTIFY channel the triggers of migration 0012 speak on. */
export const changeChannel = 'diagis_tiles';

/** Days of tiles.change_log kept; a cache that was away longer starts empty. */
export const changeLogRetentionDays = 7;

const isBox = (value: unknown): value is Bbox3857 =>
  Array.isArray(value) && value.length === 4 && value.every((n) => Number.isFinite(n));

/** Reads a NOTIFY payload (`{"id","layers","bbox"}`); undefined when it is not one. */
export function parseChangeNotice(payload: string | undefined): TileChange | undefined {
  try {
    const notice = JSON.parse(payload ?? '') as { layers?: unknown; bbox?: unknown };
    const layers = notice.layers;
    if (!Array.isArray(layers) || !layers.every((l) => typeof l === 'string')) return undefined;
    return isBox(notice.bbox) ? { layers, bbox: notice.bbox } : undefined;
  } catch {
    return undefined;
  }
}

// One statement, so the snapshot it returns is the one its rows were read with: every change
// visible now but not in the caller's last snapshot, i.e. committed since.
const changesSinceSql = `
  SELECT pg_current_snapshot()::text AS snapshot,
         coalesce((SELECT json_agg(json_build_array(layers, min_x, min_y, max_x, max_y) ORDER BY id)
                   FROM tiles.change_log
                   WHERE $1::text IS NOT NULL
                     AND xid >= pg_snapshot_xmin($1::text::pg_snapshot)
                     AND NOT pg_visible_in_snapshot(xid, $1::text::pg_snapshot)), '[]') AS changes`;

/**
 * The changes committed after snapshot `since` (none when `since` is undefined) and the
 * snapshot to pass next time. Lets a cache that missed notifications (disconnected,
 * restarted, or a CLI that wrote tiles) drop exactly what changed meanwhile.
 */
export async function changesSince(
  db: pg.ClientBase | pg.Pool,
  since: string | undefined,
): Promise<{ snapshot: string; changes: TileChange[] }> {
  const { rows } = await db.query<{
    snapshot: string;
    changes: [string[], number, number, number, number][];
  }>(changesSinceSql, [since ?? null]);
  const row = rows[0];
  if (!row) throw new Error('pg_current_snapshot() returned no row');
  return {
    snapshot: row.snapshot,
    changes: row.changes.map(([layers, ...box]) => ({ layers, bbox: box as unknown as Bbox3857 })),
  };
}

/** Deletes change-log rows older than the retention period; returns how many. */
export async function pruneChangeLog(db: pg.ClientBase | pg.Pool): Promise<number> {
  const { rowCount } = await db.query(
    'DELETE FROM tiles.change_log WHERE recorded_at < now() - make_interval(days => $1)',
    [changeLogRetentionDays],
  );
  return rowCount ?? 0;
}
