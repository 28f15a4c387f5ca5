import type pg from 'pg';
import type { PublicRecord } from '../../core/api/public_record';

/** Decided records from environment.public_record, newest decision first; run as the public role. */
export async function publicRecords(
  db: pg.ClientBase,
  filter: {
    kind?: string | undefined;
    commune?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<PublicRecord[]> {
  const { rows } = await db.query(
    `SELECT id, kind, project_name AS "projectName", owner_name AS "ownerName",
            commune_code AS "communeCode", commune_name AS "communeName",
            json_build_array(round(ST_X(ST_PointOnSurface(geom))::numeric, 6),
                             round(ST_Y(ST_PointOnSurface(geom))::numeric, 6)) AS position,
            approving_body AS "approvingBody", decision_no AS "decisionNo",
            to_char(decision_date, 'YYYY-MM-DD') AS "decisionDate", status
     FROM environment.public_record
     WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR commune_code = $2)
     ORDER BY decision_date DESC, id DESC
     LIMIT $3 OFFSET $4`,
    [filter.kind ?? null, filter.commune ?? null, filter.limit, filter.offset],
  );
  return rows;
}
