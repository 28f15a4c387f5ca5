import type pg from 'pg';
import { editCellLockKey, lockKeys } from '../../../core/db/lock_keys';
import type { Ewkb } from './edit_geometry';

/** Side of the square cells (EPSG:3857 metres) that edits lock before they check topology. */
const cellSize = 200;
/** More cells than this and the edit locks the whole map instead. */
const maxCells = 400;
const wholeMap = lockKeys.editWholeMap.first.toString();

/**
 * Serialises edits that could touch each other: every edit locks the grid cells its old
 * and new geometries (grown by the tolerance) cover, in one global order, and holds them
 * until its transaction ends. Two edits whose parcels could overlap share a cell, so the
 * second one checks its topology only after the first has committed and sees its result.
 * Huge edits take the whole map exclusively; everyone else holds it shared.
 */
export async function lockEditArea(
  client: pg.ClientBase,
  geometries: readonly Ewkb[],
  reach: number,
): Promise<void> {
  const { rows } = await client.query(
    `SELECT ST_XMin(b) AS x0, ST_YMin(b) AS y0, ST_XMax(b) AS x1, ST_YMax(b) AS y1
     FROM unnest($1::text[]) AS h,
          LATERAL ST_Transform(ST_Expand(ST_GeomFromEWKB(decode(h, 'hex')), $2::float8 + 1), 3857) AS b`,
    [geometries, reach],
  );
  const cells = new Set<bigint>();
  let tooMany = false;
  for (const box of rows) {
    const [cx0, cy0, cx1, cy1] = [box.x0, box.y0, box.x1, box.y1].map((value: number) =>
      Math.floor((value + 20_037_509) / cellSize),
    ) as [number, number, number, number];
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > maxCells) {
      tooMany = true;
      break;
    }
    for (let cx = cx0; cx <= cx1; cx++)
      for (let cy = cy0; cy <= cy1; cy++) cells.add(editCellLockKey(cx, cy));
  }
  if (tooMany || cells.size > maxCells) {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [wholeMap]);
    return;
  }
  await client.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [wholeMap]);
  const keys = [...cells].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
  // OFFSET 0 keeps the sorted subquery as it is, so the locks are taken in key order.
  await client.query(
    `SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT k FROM unnest($1::bigint[]) k ORDER BY k OFFSET 0) s`,
    [keys],
  );
}
