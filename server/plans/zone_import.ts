import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { strayPosition } from '../../core/geo/position_bounds';
import { invalidField } from '../http/http_error';
import type { ZoneImport } from './plan_input';

const zoneChecksSql = readFileSync(new URL('./zone_checks.sql', import.meta.url), 'utf8');

// The VN-2000 zone the province's cadastral maps use; plan zones are kept in the same plane.
const provinceSridSql = `
  SELECT coalesce((SELECT zone_srid FROM cadastre.map_sheet GROUP BY zone_srid ORDER BY count(*) DESC LIMIT 1), 9209) AS srid`;

const insertSql = `
  INSERT INTO planning.plan_zone (plan_id, planned_use_code, name, commune_id, zone_srid, geom, withheld)
  SELECT $1, z.code, z.name, z.commune_id, $2::int,
         ST_Multi(ST_Transform(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(z.g)), $3::int), $2::int)), z.withheld
  FROM unnest($4::text[], $5::text[], $6::int[], $7::text[], $8::boolean[]) WITH ORDINALITY
       AS z(code, name, commune_id, g, withheld, ord)
  ORDER BY z.ord
  RETURNING id`;

/** The native SRID plan zones are stored in. */
export async function provinceSrid(db: pg.ClientBase): Promise<number> {
  const { rows } = await db.query(provinceSridSql);
  return rows[0].srid;
}

/**
 * Checks a zone geometry given in `crs` and returns it transformed: throws a 400 naming
 * the feature and the rule (invalid ring, outside the province, unknown CRS).
 */
export async function checkZoneGeometries(
  db: pg.ClientBase,
  geometries: readonly unknown[],
  crs: number,
  zoneSrid: number,
  field: (index: number) => string,
): Promise<void> {
  const known = await db.query(
    'SELECT 1 FROM spatial_ref_sys WHERE srid = $1 AND ($1 = 4326 OR $1 IN (SELECT srid FROM ref.crs))',
    [crs],
  );
  if (known.rowCount === 0)
    throw invalidField('crs', `must be 4326 or a VN-2000 SRID diagis knows, got ${crs}`);
  // Positions PROJ cannot transform would fail the checks below with a database error.
  for (const [index, geometry] of geometries.entries()) {
    const stray = strayPosition((geometry as { coordinates?: unknown }).coordinates, crs);
    if (stray) throw invalidField(`${field(index)}.geometry`, stray.rule);
  }
  const { rows } = await db.query(zoneChecksSql, [
    geometries.map((g) => JSON.stringify(g)),
    crs,
    zoneSrid,
  ]);
  for (const row of rows) {
    const where = `${field(row.ord - 1)}.geometry`;
    if (!row.valid) throw invalidField(where, `is not a valid polygon: ${row.reason}`);
    if (!row.inside) {
      throw invalidField(
        where,
        `lies outside the province (near ${row.lon.toFixed(5)},${row.lat.toFixed(5)}): wrong crs or swapped axes?`,
      );
    }
  }
}

/**
 * Adds the zones of `input` to plan `planId` (all or none: the caller's transaction), after
 * checking land-use codes, commune codes and geometries. Returns the new zone ids.
 */
export async function importZones(
  db: pg.ClientBase,
  planId: number,
  input: ZoneImport,
): Promise<number[]> {
  const features = input.features;
  const field = (index: number) => `features.${index}`;
  const codes = await db.query<{ code: string }>(
    'SELECT code FROM ref.land_use_code WHERE code = ANY($1::text[])',
    [features.map((f) => f.properties.planned_use_code)],
  );
  const knownCodes = new Set(codes.rows.map((row) => row.code));
  const communeCodes = features.map((f) => f.properties.commune_code ?? null);
  const communes = await db.query<{ code: string; id: number }>(
    `SELECT DISTINCT ON (code) code, id FROM admin.unit
     WHERE level = 'commune' AND code = ANY($1::text[])
     ORDER BY code, upper(valid) DESC NULLS FIRST`,
    [communeCodes.filter((code) => code !== null)],
  );
  const communeIds = new Map(communes.rows.map((row) => [row.code, row.id]));
  features.forEach((feature, index) => {
    const { planned_use_code: code, commune_code: commune } = feature.properties;
    if (!knownCodes.has(code)) {
      throw invalidField(
        `${field(index)}.properties.planned_use_code`,
        `${code} is not a land-use code of Circular 08/2024`,
      );
    }
    if (commune && !communeIds.has(commune))
      throw invalidField(
        `${field(index)}.properties.commune_code`,
        `no commune has code ${commune}`,
      );
  });
  const zoneSrid = await provinceSrid(db);
  await checkZoneGeometries(
    db,
    features.map((f) => f.geometry),
    input.crs,
    zoneSrid,
    field,
  );
  if (input.replace) await db.query('DELETE FROM planning.plan_zone WHERE plan_id = $1', [planId]);
  const { rows } = await db.query(insertSql, [
    planId,
    zoneSrid,
    input.crs,
    features.map((f) => f.properties.planned_use_code),
    features.map((f) => f.properties.name ?? null),
    communeCodes.map((code) => (code ? (communeIds.get(code) ?? null) : null)),
    features.map((f) => JSON.stringify(f.geometry)),
    features.map((f) => f.properties.withheld ?? false),
  ]);
  return rows.map((row) => Number(row.id));
}
