// SQL of the observation import, run in order on one transaction's connection.

/** Staging for the rows of one file; dropped with the transaction. */
export const createStageSql = `
  CREATE TEMP TABLE observation_stage (
    ord integer PRIMARY KEY,
    row_no integer NOT NULL,
    station_code text NOT NULL,
    parameter_text text NOT NULL,
    unit text,
    observed_at timestamptz NOT NULL,
    averaging text NOT NULL,
    value double precision NOT NULL,
    qualifier text,
    station_id integer,
    station_medium text,
    parameter_code text,
    rejected boolean NOT NULL DEFAULT false
  ) ON COMMIT DROP`;

/** The staging columns COPY fills, in the order the importer writes them. */
export const stageColumns = [
  'ord',
  'row_no',
  'station_code',
  'parameter_text',
  'unit',
  'observed_at',
  'averaging',
  'value',
  'qualifier',
] as const;

// Stations by exact code (unique); parameters by code without case, an exact spelling first.
export const resolveStageSql = `
  UPDATE observation_stage s
  SET station_id = (SELECT st.id FROM monitoring.station st WHERE st.code = s.station_code),
      station_medium = (SELECT st.medium FROM monitoring.station st WHERE st.code = s.station_code),
      parameter_code = (SELECT p.code FROM monitoring.parameter p
                        WHERE lower(p.code) = lower(s.parameter_text)
                        ORDER BY p.code = s.parameter_text DESC LIMIT 1)`;

// Per staged observation, what needs the database: the station and parameter found, whether
// a given unit differs from the parameter's (compared after NFKC, without case or spaces,
// µ as u), the rows of the file with the same key, and the value already stored.
export const checkStageSql = `
  WITH unit_keys AS (
    SELECT s.ord,
           translate(lower(regexp_replace(normalize(s.unit, NFKC), '\\s', '', 'g')), 'μ', 'u') AS given,
           translate(lower(regexp_replace(normalize(p.unit, NFKC), '\\s', '', 'g')), 'μ', 'u') AS expected,
           p.unit AS parameter_unit
    FROM observation_stage s LEFT JOIN monitoring.parameter p ON p.code = s.parameter_code
  )
  SELECT s.ord, s.station_id, s.station_medium, s.parameter_code, u.parameter_unit,
         (u.given IS NOT NULL AND u.given <> '' AND u.given IS DISTINCT FROM u.expected) AS unit_differs,
         array_agg(s.row_no) OVER same_key AS same_key_rows,
         o.station_id IS NOT NULL AS stored,
         (o.value IS DISTINCT FROM s.value OR o.qualifier IS DISTINCT FROM s.qualifier) AS stored_differs
  FROM observation_stage s
  JOIN unit_keys u ON u.ord = s.ord
  LEFT JOIN monitoring.observation o
    ON o.station_id = s.station_id AND o.parameter_code = s.parameter_code
   AND o.observed_at = s.observed_at AND o.averaging = s.averaging
  WINDOW same_key AS (PARTITION BY s.station_id, s.parameter_code, s.observed_at, s.averaging)
  ORDER BY s.ord`;

export const rejectStagedSql =
  'UPDATE observation_stage SET rejected = true WHERE ord = ANY($1::int[])';

// Writes the accepted observations; those already stored stay as they are (re-import adds nothing).
export const insertAcceptedSql = `
  INSERT INTO monitoring.observation (station_id, parameter_code, observed_at, averaging, value, qualifier, source)
  SELECT station_id, parameter_code, observed_at, averaging, value, qualifier, 'csv'
  FROM observation_stage
  WHERE NOT rejected AND station_id IS NOT NULL AND parameter_code IS NOT NULL
  ON CONFLICT DO NOTHING`;
