import type pg from 'pg';
import { refreshDirtyOverview } from './landuse_overview';
import { type Audience, type TileLayer, tileBuffer, tileExtent, variantFor } from './layers';
import type { TileDatabase } from './tile_database';

/** Parameters every layer's SQL takes, in order: z, x, y, extent, buffer. */
export const tileParameters = (z: number, x: number, y: number): number[] => [
  z,
  x,
  y,
  tileExtent,
  tileBuffer,
];

// Every layer's SQL returns one row with one bytea column, whatever its name.
const tileBytes = (result: pg.QueryResult<unknown[]>): Buffer =>
  (result.rows[0]?.[0] as Buffer | null) ?? Buffer.alloc(0);

/**
 * Renders one tile in PostGIS and returns its MVT bytes (empty when no feature meets the
 * tile). Public tiles run on the public pool, as the read-only `diagis_public` role; staff
 * tiles of a layer with a staff variant run as the server's own role. Overview tiles first
 * refresh dirty communes that meet the tile, so they are never stale.
 */
export async function renderTile(
  db: TileDatabase,
  layer: TileLayer,
  audience: Audience,
  z: number,
  x: number,
  y: number,
): Promise<Buffer> {
  if (layer.needsOverviewRefresh) await refreshDirtyOverview(db.pool, z, x, y);
  const { audience: effective, variant } = variantFor(layer, audience);
  const runner = effective === 'staff' ? db.pool : db.publicPool;
  // A named statement is planned once per connection instead of on every tile.
  const name = `diagis-tile-${layer.id}-${effective}`;
  return tileBytes(
    await runner.query({
      name,
      text: variant.sql,
      values: tileParameters(z, x, y),
      rowMode: 'array',
    }),
  );
}
