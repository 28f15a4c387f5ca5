import type pg from 'pg';
import type { HolidaySet } from '../../core/dossiers/working_days';

/** A public holiday that stops the statutory clock. */
export interface Holiday {
  day: string;
  name: string;
}

/** Every holiday as a set of ISO dates (the table is small: a few dozen days a year). */
export async function loadHolidaySet(db: pg.Pool | pg.ClientBase): Promise<HolidaySet> {
  // to_char keeps the civil date; a date column would come back as a local-time Date.
  const { rows } = await db.query<{ day: string }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day FROM dossier.holiday",
  );
  return new Set(rows.map((row) => row.day));
}

/** The holidays, oldest first, optionally of one year only. */
export async function listHolidays(
  db: pg.Pool | pg.ClientBase,
  year: number | undefined,
): Promise<Holiday[]> {
  // The year filter is optional: a null parameter lists every year.
  const { rows } = await db.query<Holiday>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, name FROM dossier.holiday
     WHERE $1::int IS NULL OR extract(year FROM day) = $1 ORDER BY day`,
    [year ?? null],
  );
  return rows;
}

/** Adds a holiday; false when the day is already one (nothing changes then). */
export async function addHoliday(client: pg.ClientBase, holiday: Holiday): Promise<boolean> {
  // ON CONFLICT keeps the existing name; the caller answers 409.
  const { rowCount } = await client.query(
    'INSERT INTO dossier.holiday (day, name) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING',
    [holiday.day, holiday.name],
  );
  return rowCount === 1;
}

/** Removes a holiday; false when the day was not one. */
export async function removeHoliday(client: pg.ClientBase, day: string): Promise<boolean> {
  // Due dates already computed keep their value: the calendar applies from now on.
  const { rowCount } = await client.query('DELETE FROM dossier.holiday WHERE day = $1', [day]);
  return rowCount === 1;
}
