import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/**
 * Gives station `stationId` a new random API key and returns it; only its SHA-256 is
 * stored, so the key is shown once and a lost key is replaced, not recovered. Undefined
 * when the station does not exist.
 */
export async function issueStationKey(
  db: pg.ClientBase | pg.Pool,
  stationId: number,
): Promise<string | undefined> {
  const key = `st${stationId}_${randomBytes(24).toString('base64url')}`;
  const { rowCount } = await db.query(
    'UPDATE monitoring.station SET api_key_hash = $2 WHERE id = $1',
    [stationId, digest(key)],
  );
  return rowCount === 0 ? undefined : key;
}

/** The station `stationId` when `presented` is its API key (compared in constant time). */
export async function stationByKey(
  db: pg.ClientBase | pg.Pool,
  stationId: number,
  presented: string | undefined,
): Promise<{ id: number; code: string; medium: 'water' | 'air' } | undefined> {
  if (!presented) return undefined;
  const { rows } = await db.query(
    'SELECT id, code, medium, api_key_hash FROM monitoring.station WHERE id = $1 AND active',
    [stationId],
  );
  const station = rows[0];
  if (!station?.api_key_hash) return undefined;
  if (!timingSafeEqual(digest(presented), station.api_key_hash)) return undefined;
  return { id: station.id, code: station.code, medium: station.medium };
}
