import type pg from 'pg';
import type { CurrentParcel } from './current_parcels';
import { type Ewkb, fromEwkb, locationColumns, toLocation } from './edit_geometry';
import type { Violation } from './rule_violation';

/** As many parts as a split may send whole (`parts`): each one is checked on its own. */
const maxPieces = 20;

/**
 * Cuts a parcel with a line (in its zone plane). The line must cross the parcel from one
 * edge to another; a line that stops inside or misses it, or cuts it into more than 20
 * pieces, breaks the `split.line` rule.
 */
export async function splitByLine(
  db: pg.ClientBase,
  parent: CurrentParcel,
  line: Ewkb,
): Promise<{ parts: Ewkb[]; violations: Violation[] }> {
  const { rows } = await db.query(
    `SELECT encode(ST_AsEWKB(ST_Multi(d.geom)), 'hex') AS g
     FROM ST_Dump(ST_CollectionExtract(ST_Split(${fromEwkb('$1')}, ${fromEwkb('$2')}), 3)) d
     ORDER BY d.path`,
    [parent.geometry, line],
  );
  if (rows.length >= 2 && rows.length <= maxPieces)
    return { parts: rows.map((row) => String(row.g)), violations: [] };
  const { rows: start } = await db.query(
    `SELECT ${locationColumns('ST_StartPoint(l)')} FROM ${fromEwkb('$1')} l`,
    [line],
  );
  return {
    parts: [],
    violations: [
      {
        rule: 'split.line',
        parcelId: parent.parcelId,
        message:
          rows.length > maxPieces
            ? `the line cuts parcel ${parent.parcelId} into ${rows.length} pieces; a split makes at most ${maxPieces}`
            : `the line does not cut parcel ${parent.parcelId} into pieces: draw it across the parcel from one edge to another`,
        ...(start[0] ? { location: toLocation(start[0]) } : {}),
      },
    ],
  };
}
