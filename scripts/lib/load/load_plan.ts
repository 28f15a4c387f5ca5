import type pg from 'pg';
import { type BenchTile, seededTiles } from '../tile_bench';

/** What the load clients pick their requests from, read once from the database. */
export interface LoadPlan {
  tiles: BenchTile[];
  /** Current parcels with their version (the If-Match of the next edit) and a WGS84 box. */
  parcels: { id: number; versionNo: number; bbox: [number, number, number, number] }[];
  /** Communes where `officer.branch1` may receive dossiers. */
  dossierCommuneIds: number[];
}

/**
 * Samples the plan: `tilesPerZoom` parcel tiles for each benchmark zoom, `parcels` parcels
 * in a stable pseudo-random order (so two runs edit different parcels only when the data
 * changed), and the communes of Branch 1.
 */
export async function readLoadPlan(
  pool: pg.Pool,
  sizes: { tilesPerZoom: number; parcels: number; seed: number },
): Promise<LoadPlan> {
  const tiles = await seededTiles(pool, sizes.tilesPerZoom, sizes.seed);
  const { rows: parcels } = await pool.query<{
    id: number;
    version_no: number;
    bbox: [number, number, number, number];
  }>(
    // A sample from the whole province, then one random order.
    `SELECT p.parcel_id::int AS id, p.version_no,
            ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox
     FROM cadastre.current_parcel p
     CROSS JOIN LATERAL ST_Transform(ST_Envelope(p.geom_3857), 4326) AS b
     ORDER BY md5(p.parcel_id::text || $2) LIMIT $1`,
    [sizes.parcels, sizes.seed],
  );
  const { rows: communes } = await pool.query<{ id: number }>(
    `SELECT j.unit_id AS id FROM org.office o
     JOIN org.office_jurisdiction j ON j.office_id = o.id
     WHERE o.code = 'CN-SOCTRANG' ORDER BY j.unit_id`,
  );
  return {
    tiles,
    parcels: parcels.map((row) => ({ id: row.id, versionNo: row.version_no, bbox: row.bbox })),
    dossierCommuneIds: communes.map((row) => row.id),
  };
}
