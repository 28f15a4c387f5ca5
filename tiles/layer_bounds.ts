import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { TileLayer } from './layers';

/** [west, south, east, north] in WGS84 degrees. */
export type LonLatBounds = [number, number, number, number];

const template = readFileSync(new URL('./sql/bounds.sql', import.meta.url), 'utf8');

/** How long a layer's bounds are reused before they are asked again. */
const ttlMs = 5 * 60_000;

/**
 * The extent of each layer's data for TileJSON, read from the table its definition names
 * (identifiers quoted) and kept for five minutes. Undefined for a layer without data.
 */
export class LayerBounds {
  private readonly known = new Map<string, { at: number; bounds: LonLatBounds | undefined }>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly clock: () => number = Date.now,
  ) {}

  async of(layer: TileLayer): Promise<LonLatBounds | undefined> {
    const hit = this.known.get(layer.id);
    if (hit && this.clock() - hit.at < ttlMs) return hit.bounds;
    const { schema, table, column } = layer.bounds;
    const sql = template
      .replace('%COLUMN%', pg.escapeIdentifier(column))
      .replace('%TABLE%', `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(table)}`);
    const { rows } = await this.pool.query<{
      west: number | null;
      south: number;
      east: number;
      north: number;
    }>(sql);
    const row = rows[0];
    const bounds: LonLatBounds | undefined =
      row && row.west !== null ? [row.west, row.south, row.east, row.north] : undefined;
    this.known.set(layer.id, { at: this.clock(), bounds });
    return bounds;
  }
}
