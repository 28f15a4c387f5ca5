import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  dueDate,
  dueDateAfterPause,
  isWorkingDay,
  vietnamDate,
  workingDaysBetween,
} from '../../core/dossiers/working_days';
import { applyClock } from '../../server/dossiers/dossier_clock';

const none = new Set<string>();

describe('working days', () => {
  it('skips Saturday and Sunday', () => {
    // 2027-03-05 is a Friday: five working days later is the next Friday.
    expect(addWorkingDays('2027-03-05', 1, none)).toBe('2027-03-08');
    expect(addWorkingDays('2027-03-05', 5, none)).toBe('2027-03-12');
    expect(isWorkingDay('2027-03-06', none)).toBe(false);
    expect(isWorkingDay('2027-03-07', none)).toBe(false);
  });

  it('skips a holiday in the way, and counting starts the day after', () => {
    const holidays = new Set(['2027-03-04']);
    expect(addWorkingDays('2027-03-01', 5, none)).toBe('2027-03-08');
    expect(addWorkingDays('2027-03-01', 5, holidays)).toBe('2027-03-09');
    expect(addWorkingDays('2027-03-01', 0, holidays)).toBe('2027-03-01');
  });

  it('counts a fractional limit as a whole day and refuses a negative one', () => {
    expect(addWorkingDays('2027-03-01', 0.5, none)).toBe('2027-03-02');
    expect(() => addWorkingDays('2027-03-01', -1, none)).toThrow(/>= 0, got -1/);
    expect(() => addWorkingDays('2027-3-1', 1, none)).toThrow(/YYYY-MM-DD, got 2027-3-1/);
  });

  it('crosses Tết: the 2027 holidays of the demo calendar stop the clock for a week', () => {
    const tet = new Set(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
    // Received Wednesday 3 February 2027, limit 5 working days.
    expect(addWorkingDays('2027-02-03', 5, tet)).toBe('2027-02-17');
  });

  it('counts the working days a pause covered, half-open (from, to]', () => {
    const holidays = new Set(['2027-03-04']);
    expect(workingDaysBetween('2027-03-02', '2027-03-02', holidays)).toBe(0);
    expect(workingDaysBetween('2027-03-02', '2027-03-05', holidays)).toBe(2);
    expect(workingDaysBetween('2027-03-05', '2027-03-08', holidays)).toBe(1);
    expect(workingDaysBetween('2027-03-08', '2027-03-05', holidays)).toBe(0);
  });

  it('uses the Vietnam calendar day (UTC+7) and ends a limit at 17:00', () => {
    expect(vietnamDate(new Date('2027-03-01T18:30:00Z'))).toBe('2027-03-02');
    expect(vietnamDate(new Date('2027-03-01T16:59:59Z'))).toBe('2027-03-01');
    expect(dueDate(new Date('2027-03-01T02:00:00Z'), 5, none).toISOString()).toBe(
      '2027-03-08T10:00:00.000Z',
    );
  });

  it('moves the due date by the paused working days, holidays included', () => {
    const holidays = new Set(['2027-03-04']);
    const due = new Date('2027-03-09T10:00:00Z');
    const moved = dueDateAfterPause(
      due,
      new Date('2027-03-02T03:00:00Z'),
      new Date('2027-03-05T03:00:00Z'),
      holidays,
    );
    expect(moved.toISOString()).toBe('2027-03-11T10:00:00.000Z');
  });
});

describe('dossier clock', () => {
  const holidays = new Set(['2027-03-04']);
  const start = {
    dueAt: new Date('2027-03-09T10:00:00Z'),
    pausedSince: null,
    completedAt: null,
  };

  it('pauses, keeps the first pause start, and resumes with the due date moved', () => {
    const paused = applyClock('pause', start, new Date('2027-03-02T03:00:00Z'), holidays);
    expect(paused.pausedSince?.toISOString()).toBe('2027-03-02T03:00:00.000Z');
    const again = applyClock('pause', paused, new Date('2027-03-03T03:00:00Z'), holidays);
    expect(again.pausedSince).toEqual(paused.pausedSince);
    const resumed = applyClock('resume', again, new Date('2027-03-05T03:00:00Z'), holidays);
    expect(resumed).toMatchObject({ pausedSince: null, pausedWorkingDays: 2 });
    expect(resumed.dueAt?.toISOString()).toBe('2027-03-11T10:00:00.000Z');
  });

  it('resuming a running clock and running change nothing; stopping records completion', () => {
    const now = new Date('2027-03-05T03:00:00Z');
    expect(applyClock('resume', start, now, holidays)).toEqual({ ...start, pausedWorkingDays: 0 });
    expect(applyClock('run', start, now, holidays)).toEqual({ ...start, pausedWorkingDays: 0 });
    expect(applyClock('stop', start, now, holidays).completedAt).toEqual(now);
  });
});
