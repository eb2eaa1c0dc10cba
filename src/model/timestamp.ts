/**
 * Log timestamps in one canonical form, `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (UTC, always nine fraction
 * digits), so that ordering two of them is ordering two strings and no nanosecond is rounded away
 * (a JavaScript Date keeps milliseconds only, and lines a few microseconds apart must not tie).
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;

/** Undefined when the text is not an RFC 3339 time. */
export function canonicalTime(text: string): string | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone] = m;
  const offsetMin = /^[zZ]$/.test(zone!) ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) - offsetMin * 60_000;
  if (Number.isNaN(ms) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 60) return undefined;
  return fromEpoch(ms / 1000, fraction.padEnd(9, '0'));
}

/** Whole seconds since the epoch plus nine fraction digits, in the canonical form. */
export function fromEpoch(seconds: number, nanos = '000000000'): string {
  return `${new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 19)}.${nanos}Z`;
}

/** The engine's `since` wants `seconds.nanoseconds` since the epoch. */
export function toEpochSeconds(canonical: string): string {
  const seconds = Date.parse(`${canonical.slice(0, 19)}Z`) / 1000;
  return `${seconds}.${canonical.slice(20, 29)}`;
}
