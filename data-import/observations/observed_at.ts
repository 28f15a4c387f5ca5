/**
 * Vietnam's offset from UTC. Asia/Ho_Chi_Minh has kept +07:00 without daylight saving since
 * 1975, so a local spreadsheet time converts with this constant.
 */
const vietnamOffsetMinutes = 7 * 60;

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const vietnamesePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined) return vietnamOffsetMinutes;
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** The instant of a calendar time, or undefined when a part is out of range (31/02, 25:00). */
function instant(parts: number[], zoneMinutes: number): Date | undefined {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, ms = 0] = parts;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  )
    return undefined;
  return new Date(utc - zoneMinutes * 60_000);
}

/**
 * Reads an observation time: ISO 8601 (`2025-06-01T08:00`, with `Z` or an offset, or
 * without a zone) or `dd/MM/yyyy HH:mm` (seconds and the time optional). A time without a
 * zone is Vietnam time. Undefined when the text is neither or names a date that does not
 * exist.
 */
export function parseObservedAt(text: string): Date | undefined {
  const value = text.trim();
  const iso = isoPattern.exec(value);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    const ms = fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0;
    const parts = [year, month, day, hour, minute, second].map((p) => Number(p ?? 0));
    return instant([...parts, ms], offsetMinutes(zone));
  }
  const local = vietnamesePattern.exec(value);
  if (local) {
    const [, day, month, year, hour, minute, second] = local;
    const parts = [year, month, day, hour, minute, second].map((p) => Number(p ?? 0));
    return instant(parts, vietnamOffsetMinutes);
  }
  return undefined;
}
