import type pg from 'pg';

/**
 * Rebuilds the overview rows of the dirty communes whose changed area meets tile z/x/y
 * (widened by the tile buffer), so the overview tile rendered next is current. Returns the
 * number of communes rebuilt; concurrent callers wait for each other instead of rebuilding twice.
 */
export async function refreshDirtyOverview(
  db: pg.Pool | pg.ClientBase,
  z: number,
  x: number,
  y: number,
): Promise<number> {
  // The margin matches the tile buffer (64 of 4096) so features drawn in the buffer count too.
  // Named: it runs before every overview tile, so it is parsed once per connection.
  const { rows } = await db.query<{ refreshed: number }>({
    name: 'diagis-landuse-dirty',
    text: 'SELECT tiles.refresh_dirty_landuse(ST_TileEnvelope($1, $2, $3, margin => 0.015625)) AS refreshed',
    values: [z, x, y],
  });
  return rows[0]?.refreshed ?? 0;
}

/**
 * Rebuilds the whole overview, commune by commune (communes without parcels lose their
 * rows). Run it after a bulk load; `onProgress` hears after each commune. Returns the
 * number of communes visited.
 */
export async function refreshWholeOverview(
  client: pg.ClientBase,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    "SELECT id FROM admin.unit WHERE level = 'commune' ORDER BY id",
  );
  onProgress(0, rows.length);
  for (const [index, row] of rows.entries()) {
    await client.query('SELECT tiles.refresh_landuse_overview($1::int[])', [[row.id]]);
    onProgress(index + 1, rows.length);
  }
  return rows.length;
}

/**
 * Rebuilds every dirty commune that nobody else is rebuilding (skips locked ones), so the
 * overview is usually fresh before anyone asks for it. Returns the number rebuilt.
 */
export async function refreshDirtyOverviewInBackground(
  db: pg.Pool | pg.ClientBase,
): Promise<number> {
  const { rows } = await db.query<{ refreshed: number }>(
    `SELECT tiles.refresh_dirty_landuse(
       ST_MakeEnvelope(-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244, 3857),
       false) AS refreshed`,
  );
  return rows[0]?.refreshed ?? 0;
}
