import type pg from 'pg';
import type { Violation } from './rule_violation';

export interface LandUseInput {
  code: string;
  area: number;
  originalCode?: string | null;
}

/** Land-use codes that are not in the current catalogue (Circular 08/2024). */
export async function landUseViolations(
  db: pg.ClientBase,
  landUses: readonly LandUseInput[],
  parcelId: number | null,
  label: string,
): Promise<Violation[]> {
  if (landUses.length === 0) return [];
  const { rows } = await db.query(
    `SELECT given.code FROM unnest($1::text[]) AS given(code)
     WHERE NOT EXISTS (SELECT 1 FROM ref.land_use_code c WHERE c.code = given.code)`,
    [landUses.map((use) => use.code)],
  );
  return rows.map((row) => ({
    rule: 'attributes.land_use_code' as const,
    parcelId,
    message: `${label}: land-use code ${row.code} is not in the catalogue (GET /api/land-use-codes)`,
  }));
}

/**
 * Parcel numbers must be unique among the current parcels of a commune and map sheet;
 * `exclude` are the parcels the edit itself replaces.
 */
export async function numberViolations(
  db: pg.ClientBase,
  wanted: readonly { communeId: number; sheetNo: number; parcelNo: number; label: string }[],
  exclude: readonly number[],
  parcelId: number | null,
): Promise<Violation[]> {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const number of wanted) {
    const key = `${number.communeId}/${number.sheetNo}/${number.parcelNo}`;
    if (seen.has(key)) {
      violations.push({
        rule: 'attributes.unique_number',
        parcelId,
        message: `${number.label}: sheet ${number.sheetNo} parcel no. ${number.parcelNo} is given twice`,
      });
      continue;
    }
    seen.add(key);
    const { rows } = await db.query(
      `SELECT parcel_id FROM cadastre.parcel_version
       WHERE status = 'committed' AND upper_inf(valid)
         AND commune_id = $1 AND sheet_no = $2 AND parcel_no = $3 AND parcel_id <> ALL($4::bigint[])`,
      [number.communeId, number.sheetNo, number.parcelNo, exclude],
    );
    if (rows[0]) {
      violations.push({
        rule: 'attributes.unique_number',
        parcelId: Number(rows[0].parcel_id),
        message: `${number.label}: sheet ${number.sheetNo} parcel no. ${number.parcelNo} already belongs to parcel ${rows[0].parcel_id} of the same commune`,
      });
    }
  }
  return violations;
}

/**
 * The next `count` parcel numbers of a sheet after every number it has ever used (current
 * or retired), so a new parcel never takes a number that once meant another.
 */
export async function nextParcelNumbers(
  db: pg.ClientBase,
  communeId: number,
  sheetNo: number,
  count: number,
): Promise<number[]> {
  const { rows } = await db.query(
    `SELECT coalesce(max(parcel_no), 0) AS highest FROM cadastre.parcel_version
     WHERE status = 'committed' AND commune_id = $1 AND sheet_no = $2`,
    [communeId, sheetNo],
  );
  const highest = Number(rows[0].highest);
  return Array.from({ length: count }, (_, index) => highest + index + 1);
}
