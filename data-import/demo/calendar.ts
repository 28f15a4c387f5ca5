// Calendar dates as 'YYYY-MM-DD' strings, and the working-day count of statutory time
// limits. Pure: dates are civil dates (no time zone), computed in UTC arithmetic.
import type { Rng } from './random';

const msPerDay = 86_400_000;
const isoPattern = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  if (!isoPattern.test(iso)) throw new Error(`not an ISO date: ${iso}`);
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / msPerDay);
}

/** The ISO date of a day number. */
export function isoDate(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** `iso` moved by `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** A uniformly chosen date in [from, to], both included. */
export function randomDate(rng: Rng, from: string, to: string): string {
  return isoDate(rng.int(dayNumber(from), dayNumber(to)));
}

/** True on Saturday and Sunday. */
export function isWeekend(iso: string): boolean {
  const weekday = new Date(dayNumber(iso) * msPerDay).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/**
 * The day a time limit of `workingDays` ends when the clock starts on `start`: counting
 * begins the next day and skips weekends and `holidays`. A fractional limit counts as a
 * whole day; a zero limit ends on `start` itself.
 */
export function addWorkingDays(
  start: string,
  workingDays: number,
  holidays: ReadonlySet<string>,
): string {
  if (!(workingDays >= 0)) throw new Error(`working days must be >= 0, not ${workingDays}`);
  let remaining = Math.ceil(workingDays);
  let day = start;
  while (remaining > 0) {
    day = addDays(day, 1);
    if (!isWeekend(day) && !holidays.has(day)) remaining--;
  }
  return day;
}
