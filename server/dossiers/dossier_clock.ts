import type { ClockEffect } from '../../core/dossiers/workflow';
import {
  dueDateAfterPause,
  type HolidaySet,
  vietnamDate,
  workingDaysBetween,
} from '../../core/dossiers/working_days';

/** The statutory clock of a dossier. */
export interface DossierClock {
  dueAt: Date | null;
  pausedSince: Date | null;
  completedAt: Date | null;
}

/** A clock after a transition, with the working days a resume added to the due date. */
export interface ClockChange extends DossierClock {
  pausedWorkingDays: number;
}

/**
 * Applies a transition's effect at `now`: `pause` starts a pause (an ongoing one keeps its
 * start), `hold` keeps an ongoing pause (the tax notice is in, the citizen has not paid),
 * `resume` ends it and moves the due date on by the working days it covered, `stop`
 * records completion (an ongoing pause simply ends), `run` changes nothing.
 */
export function applyClock(
  effect: ClockEffect,
  clock: DossierClock,
  now: Date,
  holidays: HolidaySet,
): ClockChange {
  switch (effect) {
    case 'run':
    case 'hold':
      return { ...clock, pausedWorkingDays: 0 };
    case 'pause':
      return { ...clock, pausedSince: clock.pausedSince ?? now, pausedWorkingDays: 0 };
    case 'resume': {
      if (clock.pausedSince === null) return { ...clock, pausedWorkingDays: 0 };
      const lost = workingDaysBetween(vietnamDate(clock.pausedSince), vietnamDate(now), holidays);
      const dueAt =
        clock.dueAt === null
          ? null
          : dueDateAfterPause(clock.dueAt, clock.pausedSince, now, holidays);
      return { ...clock, dueAt, pausedSince: null, pausedWorkingDays: lost };
    }
    case 'stop':
      return { ...clock, pausedSince: null, completedAt: now, pausedWorkingDays: 0 };
  }
}
