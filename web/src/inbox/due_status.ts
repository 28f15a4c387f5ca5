import {
  type HolidaySet,
  vietnamDate,
  workingDaysBetween,
} from '../../../core/dossiers/working_days';

/** Where a dossier stands against its due date, in working days. */
export type DueStatus =
  | { kind: 'done' }
  | { kind: 'paused' }
  | { kind: 'none' }
  | { kind: 'left'; days: number }
  | { kind: 'late'; days: number };

/**
 * Working days left until `dueAt` (0 on the last day, before 17:00), or working days late
 * after it; `paused` while the clock does not run, `done` once the dossier is finished.
 * Counted in Vietnam's calendar with the holidays of `holidays`, as the server counts.
 */
export function dueStatus(
  dossier: { dueAt: string | null; pausedSince: string | null; completedAt: string | null },
  now: Date,
  holidays: HolidaySet,
): DueStatus {
  if (dossier.completedAt) return { kind: 'done' };
  if (dossier.pausedSince) return { kind: 'paused' };
  if (!dossier.dueAt) return { kind: 'none' };
  const due = new Date(dossier.dueAt);
  const today = vietnamDate(now);
  const dueDay = vietnamDate(due);
  if (now.getTime() > due.getTime()) {
    return { kind: 'late', days: Math.max(1, workingDaysBetween(dueDay, today, holidays)) };
  }
  return { kind: 'left', days: workingDaysBetween(today, dueDay, holidays) };
}
