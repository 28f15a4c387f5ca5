import type pg from 'pg';
import { invalidField } from '../http/http_error';
import type { ZoneUpdate } from './plan_input';
import { checkZoneGeometries } from './zone_import';

/** The zone `zoneId` of plan `planId`, or undefined. */
export async function loadZone(
  db: pg.ClientBase,
  planId: number,
  zoneId: number,
): Promise<{ id: number; zoneSrid: number; disclosed: boolean } | undefined> {
  const { rows } = await db.query(
    `SELECT id::int, zone_srid AS "zoneSrid", disclosed FROM planning.plan_zone
     WHERE id = $1 AND plan_id = $2 FOR UPDATE`,
    [zoneId, planId],
  );
  return rows[0];
}

/**
 * Applies `update` to a zone. `published` says the plan is published: withholding then
 * takes effect at once (the zone leaves or joins the public view, and tiles follow).
 */
export async function updateZone(
  db: pg.ClientBase,
  zone: { id: number; zoneSrid: number },
  update: ZoneUpdate,
  published: { at: Date } | undefined,
): Promise<void> {
  if (update.plannedUseCode) {
    const { rowCount } = await db.query('SELECT 1 FROM ref.land_use_code WHERE code = $1', [
      update.plannedUseCode,
    ]);
    if (rowCount === 0)
      throw invalidField('plannedUseCode', `${update.plannedUseCode} is not a land-use code`);
  }
  if (update.geometry)
    await checkZoneGeometries(db, [update.geometry], 4326, zone.zoneSrid, () => 'zone');
  await db.query(
    `UPDATE planning.plan_zone
     SET planned_use_code = coalesce($2, planned_use_code),
         name = CASE WHEN $3 THEN $4 ELSE name END,
         geom = coalesce(ST_Multi(ST_Transform(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON($5)), 4326), zone_srid)), geom),
         withheld = coalesce($6, withheld),
         disclosed = CASE WHEN $7 AND $6 IS NOT NULL THEN NOT $6 ELSE disclosed END,
         published_at = CASE WHEN $7 AND $6 = false THEN coalesce(published_at, $8) ELSE published_at END
     WHERE id = $1`,
    [
      zone.id,
      update.plannedUseCode ?? null,
      update.name !== undefined,
      update.name ?? null,
      update.geometry ? JSON.stringify(update.geometry) : null,
      update.withheld ?? null,
      published !== undefined,
      published?.at ?? null,
    ],
  );
}
