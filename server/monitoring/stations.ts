import type pg from 'pg';
import type { StationSummary } from '../../core/api/monitoring';

// Stations with their latest observation per parameter (index: the observation primary key).
const stationsSql = `
  SELECT s.id, s.code, s.name, s.medium, s.water_body, s.standard_code, s.target_class,
         ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
         (SELECT coalesce(json_agg(json_build_object('parameter', l.parameter_code, 'observedAt', l.observed_at,
                                                     'value', l.value, 'averaging', l.averaging)
                                   ORDER BY l.parameter_code), '[]')
            FROM (SELECT DISTINCT ON (o.parameter_code) o.parameter_code, o.observed_at, o.value, o.averaging
                    FROM monitoring.observation o WHERE o.station_id = s.id
                   ORDER BY o.parameter_code, o.observed_at DESC) l) AS latest
  FROM monitoring.public_station s
  WHERE s.active
  ORDER BY s.code`;

/** Every active station with its latest values; public data. */
export async function listStations(db: pg.ClientBase): Promise<StationSummary[]> {
  const { rows } = await db.query(stationsSql);
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    medium: row.medium,
    waterBody: row.water_body,
    standard: row.standard_code,
    targetClass: row.target_class,
    position: [row.lon, row.lat],
    latest: row.latest,
  }));
}
