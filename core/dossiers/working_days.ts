const msPerDay = 86_400_000;
const isoPattern = /^\d{4}-\d{2}-\d{2}$/;
/** Vietnam keeps UTC+7 all year (no daylight saving). */
const vietnamOffsetMs = 7 * 3_600_000;

/** Holidays as ISO dates ('YYYY-MM-DD'); weekends are never listed, they never count. */
export type HolidaySet = ReadonlySet<string>;

/** Days since 1970-01-01 of an ISO date; throws on anything else. */
export function dayNumber(iso: string): number {
  if (!isoPattern.test(iso) || Number.isNaN(Date.parse(`${iso}T00:00:00Z`))) {
    throw new RangeError(`date must be YYYY-MM-DD, got ${iso}`);
  }
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / msPerDay);
}

/** The ISO date of a day number. */
export function isoDate(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The civil date in Vietnam (UTC+7) of an instant. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);
}

/** 17:00 in Vietnam on `iso`: the end of the office day, when a time limit runs out. */
export function officeDayEnd(iso: string): Date {
  dayNumber(iso);
  return new Date(`${iso}T17:00:00+07:00`);
}

/** False on Saturday, Sunday and the listed holidays. */
export function isWorkingDay(iso: string, holidays: HolidaySet): boolean {
  const weekday = new Date(dayNumber(iso) * msPerDay).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(iso);
}

/**
 * The day a limit of `workingDays` ends when the clock starts on `start`: counting begins
 * the next day and skips weekends and holidays. A fractional limit counts as a whole day;
 * zero ends on `start` itself.
 */
export function addWorkingDays(start: string, workingDays: number, holidays: HolidaySet): string {
  if (!(workingDays >= 0)) throw new RangeError(`working days must be >= 0, got ${workingDays}`);
  let remaining = Math.ceil(workingDays);
  let day = dayNumber(start);
  while (remaining > 0) {
    day++;
    if (isWorkingDay(isoDate(day), holidays)) remaining--;
  }
  return isoDate(day);
}

/**
 * Working days in the half-open span (from, to]: how many working days a clock paused on
 * `from` and resumed on `to` lost. Same day, or `to` before `from`, is 0.
 */
export function workingDaysBetween(from: string, to: string, holidays: HolidaySet): number {
  let count = 0;
  for (let day = dayNumber(from) + 1; day <= dayNumber(to); day++) {
    if (isWorkingDay(isoDate(day), holidays)) count++;
  }
  return count;
}

/** When a dossier received at `receivedAt` is due: `limit` working days later, at 17:00. */
export function dueDate(receivedAt: Date, limit: number, holidays: HolidaySet): Date {
  return officeDayEnd(addWorkingDays(vietnamDate(receivedAt), limit, holidays));
}

/**
 * The due date after a pause from `pausedSince` to `resumedAt`: moved on by the working
 * days the pause covered (waiting for the citizen or for the tax notice does not count).
 */
export function dueDateAfterPause(
  due: Date,
  pausedSince: Date,
  resumedAt: Date,
  holidays: HolidaySet,
): Date {
  const lost = workingDaysBetween(vietnamDate(pausedSince), vietnamDate(resumedAt), holidays);
  return lost === 0 ? due : officeDayEnd(addWorkingDays(vietnamDate(due), lost, holidays));
}
