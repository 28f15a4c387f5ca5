import { z } from 'zod';

// PostgreSQL has no year 0 (its '0000-01-01' is an error) while JavaScript reads it as
// 1 BC; zod's ISO formats accept it, so it is refused here.
const notYearZero = (text: string) => !text.startsWith('0000');
const dateRule = 'must be a real date YYYY-MM-DD from 0001-01-01 to 9999-12-31';

/**
 * A calendar day `YYYY-MM-DD` that exists (no 31 February, which `Date` would quietly
 * read as 2 March) in years 0001-9999; kept as the string.
 */
export const calendarDay = z.iso.date(dateRule).refine(notYearZero, dateRule);

const instantRule =
  'must be a real date (2024-03-07) or date-time (2024-03-07T08:00:00+07:00) in ISO 8601, years 0001-9999';

/**
 * An instant in ISO 8601: a day (midnight UTC) or a date-time, with or without an
 * offset (without: the server's local time, as `Date` reads it). The day must exist
 * and lie in years 0001-9999, the range PostgreSQL and JavaScript read alike. A `Date`.
 */
export const isoInstant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], { error: instantRule })
  .refine(notYearZero, instantRule)
  .transform((text) => new Date(text));
