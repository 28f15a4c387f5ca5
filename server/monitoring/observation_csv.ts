import { stringify } from 'csv-stringify/sync';
import type pg from 'pg';

/** Most raw rows one CSV download holds; longer ranges are asked for in parts. */
export const maxCsvRows = 100_000;

// Raw observations of a public station in [from, to), one parameter or all, oldest first.
const rowsSql = `
  SELECT s.code AS station_code, o.parameter_code AS parameter, p.unit,
         to_char(o.observed_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS observed_at,
         o.averaging, coalesce(o.qualifier, '') AS qualifier, o.value
  FROM monitoring.observation o
  JOIN monitoring.public_station s ON s.id = o.station_id
  JOIN monitoring.parameter p ON p.code = o.parameter_code
  WHERE o.station_id = $1 AND ($2::text IS NULL OR o.parameter_code = $2)
    AND o.observed_at >= $3 AND o.observed_at < $4
  ORDER BY o.observed_at, o.parameter_code, o.averaging
  LIMIT $5`;

/**
 * The raw observations of a station as CSV (UTF-8 with a byte-order mark, CRLF, for Excel),
 * or undefined when there are more than `maxCsvRows`. Public data.
 */
export async function observationCsv(
  db: pg.ClientBase,
  query: { stationId: number; parameter: string | undefined; from: Date; to: Date },
): Promise<{ csv: string; rows: number } | undefined> {
  const { rows } = await db.query(rowsSql, [
    query.stationId,
    query.parameter ?? null,
    query.from,
    query.to,
    maxCsvRows + 1,
  ]);
  if (rows.length > maxCsvRows) return undefined;
  const csv = stringify(rows, {
    bom: true,
    header: true,
    record_delimiter: 'windows',
    columns: [
      'station_code',
      'parameter',
      'unit',
      'observed_at',
      'averaging',
      'qualifier',
      'value',
    ],
  });
  return { csv, rows: rows.length };
}
