import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';
import { spreadsheetSafe } from '../text/spreadsheet_safe';

/** The validation report of a job as CSV (one line per problem), with a byte-order mark for Excel. */
export async function issuesCsv(db: pg.Pool | pg.ClientBase, jobId: number): Promise<string> {
  const { rows } = await db.query(
    `SELECT feature_no, severity, rule, message, commune_code, sheet_no, parcel_no,
            round(ST_X(location)::numeric, 7) AS lon, round(ST_Y(location)::numeric, 7) AS lat
     FROM imports.feature_issue WHERE job_id = $1 ORDER BY feature_no, rule`,
    [jobId],
  );
  return `\ufeff${stringify(rows, { ...spreadsheetSafe, header: true, columns: ['feature_no', 'severity', 'rule', 'message', 'commune_code', 'sheet_no', 'parcel_no', 'lon', 'lat'] })}`;
}

/** The rejected features of a job as a GeoJSON FeatureCollection in WGS84, with their attributes and problems. */
export async function rejectedFeaturesGeoJson(
  db: pg.Pool | pg.ClientBase,
  jobId: number,
): Promise<object> {
  const { rows } = await db.query<{ feature: object }>(
    `SELECT json_build_object(
              'type', 'Feature',
              'geometry', CASE WHEN q.geom IS NOT NULL THEN ST_AsGeoJSON(ST_Transform(q.geom, 4326), 7)::json END,
              'properties', q.attributes || jsonb_build_object('feature_no', q.feature_no, 'rules', q.rules,
                'problems', (SELECT jsonb_agg(i.message ORDER BY i.rule) FROM imports.feature_issue i
                             WHERE i.job_id = q.job_id AND i.feature_no = q.feature_no AND i.severity = 'error'))
            ) AS feature
     FROM imports.quarantine q WHERE q.job_id = $1 ORDER BY q.feature_no`,
    [jobId],
  );
  return { type: 'FeatureCollection', features: rows.map((row) => row.feature) };
}
