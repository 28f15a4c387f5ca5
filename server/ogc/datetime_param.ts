import { invalidField } from '../http/http_error';

/** A span of calendar days in Vietnam (UTC+7), both ends inclusive; null = open. */
export interface DateSpan {
  from: string | null;
  to: string | null;
}

// Vietnam has used UTC+7 without daylight saving time since 1975.
const vietnamOffsetMs = 7 * 3_600_000;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const dateTimePattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const rule = 'must be an RFC 3339 date, date-time or interval (start/end, ../end, start/..)';

function vietnamDate(part: string, raw: string): string {
  if (datePattern.test(part)) {
    const parsed = new Date(`${part}T00:00:00Z`);
    if (!Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(part)) return part;
  } else if (dateTimePattern.test(part)) {
    const ms = Date.parse(part.toUpperCase());
    if (!Number.isNaN(ms)) return new Date(ms + vietnamOffsetMs).toISOString().slice(0, 10);
  }
  throw invalidField('datetime', `${rule}, got '${raw}'`);
}

/**
 * Parses the OGC `datetime` parameter into Vietnam calendar days: the data it filters
 * (validity of administrative units, survey and installation dates) are legal dates
 * without a time of day, so an instant selects the day it falls on in Vietnam.
 */
export function parseDatetime(raw: string): DateSpan {
  const parts = raw.split('/');
  if (parts.length === 1) {
    const day = vietnamDate(raw, raw);
    return { from: day, to: day };
  }
  if (parts.length !== 2) throw invalidField('datetime', `${rule}, got '${raw}'`);
  const [start, end] = parts.map((part) => (part === '' || part === '..' ? null : part));
  const span = {
    from: start ? vietnamDate(start, raw) : null,
    to: end ? vietnamDate(end, raw) : null,
  };
  if (span.from !== null && span.to !== null && span.from > span.to) {
    throw invalidField('datetime', `the start must not be after the end, got '${raw}'`);
  }
  return span;
}
