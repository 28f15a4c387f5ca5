import type pg from 'pg';
import { allOwnedCommunes } from './sample_areas';

export type Position = [number, number];

/** A current parcel's number, zone and exterior ring in its own VN-2000 plane. */
export interface SampleParcel {
  parcelId: number;
  versionNo: number;
  communeId: number;
  sheetNo: number;
  parcelNo: number;
  srid: number;
  area: number;
  ring: Position[];
}

/**
 * A map sheet of the demo province that no other test file uses: the `slot`-th in an order
 * that is fixed but unrelated to ids, among sheets with at least 30 parcels, outside the
 * last demo commune (the browser editor test splits a parcel there) and outside every commune
 * a file owns in tests/support/sample_areas.ts (which also says which file has which slot).
 */
export async function sampleSheet(
  pool: pg.Pool,
  slot: number,
): Promise<{ communeId: number; sheetNo: number }> {
  const { rows } = await pool.query(
    `SELECT commune_id, sheet_no FROM cadastre.current_parcel
     WHERE commune_id < (SELECT max(commune_id) FROM cadastre.parcel_version WHERE source_kind = 'demo')
       AND commune_code <> ALL($2::text[])
     GROUP BY commune_id, sheet_no HAVING count(*) >= 30
     ORDER BY md5('parcel-editing:' || commune_id || ':' || sheet_no) LIMIT 1 OFFSET $1`,
    [slot, allOwnedCommunes],
  );
  return { communeId: rows[0].commune_id, sheetNo: rows[0].sheet_no };
}

/** The current state of a parcel, exterior ring of its first polygon. */
export async function sampleParcel(pool: pg.Pool, parcelId: number): Promise<SampleParcel> {
  const { rows } = await pool.query(
    `SELECT parcel_id::int, version_no, commune_id, sheet_no, parcel_no, zone_srid, computed_area,
            ST_AsGeoJSON(ST_ExteriorRing(ST_GeometryN(geom, 1)), 9)::json AS ring
     FROM cadastre.current_parcel WHERE parcel_id = $1`,
    [parcelId],
  );
  const row = rows[0];
  if (!row) throw new Error(`parcel ${parcelId} is not current`);
  return {
    parcelId: row.parcel_id,
    versionNo: row.version_no,
    communeId: row.commune_id,
    sheetNo: row.sheet_no,
    parcelNo: row.parcel_no,
    srid: row.zone_srid,
    area: row.computed_area,
    ring: row.ring.coordinates,
  };
}

/**
 * Two current parcels of a sheet that share an edge longer than 5 m, the `offset`-th such
 * pair in parcel-number order.
 */
export async function neighbourPair(
  pool: pg.Pool,
  sheet: { communeId: number; sheetNo: number },
  offset: number,
): Promise<[SampleParcel, SampleParcel]> {
  const { rows } = await pool.query(
    `SELECT a.parcel_id::int AS a, b.parcel_id::int AS b
     FROM cadastre.current_parcel a
     JOIN cadastre.current_parcel b ON b.commune_id = a.commune_id AND b.sheet_no = a.sheet_no
       AND b.parcel_no = a.parcel_no + 1
       AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 5
     WHERE a.commune_id = $1 AND a.sheet_no = $2
     ORDER BY a.parcel_no LIMIT 1 OFFSET $3`,
    [sheet.communeId, sheet.sheetNo, offset],
  );
  if (!rows[0]) throw new Error('no neighbour pair in the sample sheet');
  return [await sampleParcel(pool, rows[0].a), await sampleParcel(pool, rows[0].b)];
}

const centre = (ring: Position[]): Position => {
  const points = ring.slice(0, -1);
  return [
    points.reduce((sum, p) => sum + p[0], 0) / points.length,
    points.reduce((sum, p) => sum + p[1], 0) / points.length,
  ];
};

/** `parcel`'s ring with the vertices it shares with `neighbour` moved `metres` towards it. */
export function pushSharedEdge(
  parcel: SampleParcel,
  neighbour: SampleParcel,
  metres: number,
): Position[] {
  const [ax, ay] = centre(parcel.ring);
  const [bx, by] = centre(neighbour.ring);
  const length = Math.hypot(bx - ax, by - ay);
  const [ux, uy] = [(bx - ax) / length, (by - ay) / length];
  const shared = (p: Position) =>
    neighbour.ring.some((q) => Math.abs(q[0] - p[0]) < 1e-6 && Math.abs(q[1] - p[1]) < 1e-6);
  return parcel.ring.map((p) => (shared(p) ? [p[0] + ux * metres, p[1] + uy * metres] : p));
}

/** A GeoJSON Polygon of one ring. */
export const polygon = (ring: Position[]) => ({ type: 'Polygon' as const, coordinates: [ring] });
