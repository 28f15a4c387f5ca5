// Calendar dates as 'YYYY-MM-DD' strings for the demo. The working-day rules are the
// server's own (core/dossiers/working_days.ts), so demo due dates follow the same law.
import { dayNumber, isoDate } from '../core/dossiers/working_days';
import type { Rng } from './random';

export {
  addWorkingDays,
  dayNumber,
  isoDate,
  isWorkingDay,
} from '../core/dossiers/working_days';

/** `iso` moved by `days` (negative goes back). */
export function addDays(iso: string, days: number): string {
  return isoDate(dayNumber(iso) + days);
}

/** A uniformly chosen date in [from, to], both included. */
export function randomDate(rng: Rng, from: string, to: string): string {
  return isoDate(rng.int(dayNumber(from), dayNumber(to)));
}
