import type pg from 'pg';
import type { LandStatistics, PublicCommune } from '../../core/api/land_statistics';
import { DiagisError } from '../../core/errors/diagis_error';

/** No commune has the code asked for (`not_found`, field `commune`). */
export class UnknownCommuneError extends DiagisError {
  override name = 'UnknownCommuneError';
  constructor(message: string) {
    super('not_found', message, { field: 'commune' });
  }
}

// The commune unit for a code: the one valid on the day, else the latest.
const communeSql = `
  SELECT id, code, name FROM admin.unit
  WHERE level = 'commune' AND code = $1
  ORDER BY (valid @> $2::date) DESC, upper_inf(valid) DESC, lower(valid) DESC
  LIMIT 1`;

// Hectares to two decimals from the legal land-use areas (m²) of the versions in force.
const statisticsSql = `
  SELECT s.code, c.name_vi AS name, c.name_en, c.category, sum(s.parcels)::int AS parcels,
         round(sum(s.area) / 10000, 2)::float8 AS area_ha
  FROM cadastre.land_use_statistics($1::int[], $2) s
  JOIN ref.land_use_code c ON c.code = s.code
  GROUP BY s.code, c.name_vi, c.name_en, c.category, c.sort_order
  ORDER BY c.sort_order`;

/**
 * Land statistics as of `at` for the commune with `communeCode`, or for everything when
 * it is undefined. Aggregates only: safe for the public role.
 */
export async function landStatistics(
  db: pg.ClientBase,
  query: { communeCode?: string | undefined; day: string; at: Date },
): Promise<LandStatistics> {
  let commune: LandStatistics['commune'] = null;
  let communeIds: number[] | null = null;
  if (query.communeCode) {
    const { rows } = await db.query(communeSql, [query.communeCode, query.day]);
    const unit = rows[0];
    if (!unit) throw new UnknownCommuneError(`commune: no commune has code ${query.communeCode}`);
    commune = { code: unit.code, name: unit.name };
    const formed = await db.query('SELECT admin.commune_with_predecessors($1) AS id', [unit.id]);
    communeIds = formed.rows.map((row) => Number(row.id));
  }
  const { rows } = await db.query(statisticsSql, [communeIds, query.at]);
  const result = rows.map((row) => ({
    code: row.code,
    name: row.name,
    nameEn: row.name_en,
    category: row.category,
    parcels: row.parcels,
    areaHa: row.area_ha,
  }));
  const totalHa = Math.round(result.reduce((sum, row) => sum + row.areaHa * 100, 0)) / 100;
  return { commune, at: query.at, rows: result, totalHa };
}

/** The communes valid on `day` (after the 2025 reform), for pickers: id, code and names. */
export async function currentCommunes(db: pg.ClientBase, day: string): Promise<PublicCommune[]> {
  const { rows } = await db.query(
    `SELECT id, code, name, name_en AS "nameEn" FROM admin.unit
     WHERE level = 'commune' AND valid @> $1::date ORDER BY name`,
    [day],
  );
  return rows;
}
