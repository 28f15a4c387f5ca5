import { describe, expect, it } from 'vitest';
import { dueStatus } from '../../web/src/inbox/due_status';

/** The inbox's "working days left or late", counted in Vietnam's calendar with holidays. */
describe('dueStatus', () => {
  const holidays = new Set(['2027-03-04']);
  // Due at 17:00 in Vietnam on Tuesday 9 March 2027.
  const dueAt = '2027-03-09T10:00:00.000Z';
  const open = { dueAt, pausedSince: null, completedAt: null };

  it('counts the working days left, skipping the weekend and holidays', () => {
    // Wednesday 3 March, morning: Thursday is a holiday, so Fri, Mon, Tue are left.
    expect(dueStatus(open, new Date('2027-03-03T02:00:00Z'), holidays)).toEqual({
      kind: 'left',
      days: 3,
    });
    expect(dueStatus(open, new Date('2027-03-09T09:59:00Z'), holidays)).toEqual({
      kind: 'left',
      days: 0,
    });
  });

  it('counts the working days late after 17:00 of the due day, at least one', () => {
    expect(dueStatus(open, new Date('2027-03-09T10:01:00Z'), holidays)).toEqual({
      kind: 'late',
      days: 1,
    });
    // Monday 15 March: Wed, Thu, Fri, Mon after the due day.
    expect(dueStatus(open, new Date('2027-03-15T03:00:00Z'), holidays)).toEqual({
      kind: 'late',
      days: 4,
    });
  });

  it('says paused while the clock stops, done once completed, none without a due date', () => {
    const now = new Date('2027-03-15T03:00:00Z');
    expect(dueStatus({ ...open, pausedSince: '2027-03-05T03:00:00Z' }, now, holidays)).toEqual({
      kind: 'paused',
    });
    expect(dueStatus({ ...open, completedAt: '2027-03-08T03:00:00Z' }, now, holidays)).toEqual({
      kind: 'done',
    });
    expect(dueStatus({ ...open, dueAt: null }, now, holidays)).toEqual({ kind: 'none' });
  });
});
