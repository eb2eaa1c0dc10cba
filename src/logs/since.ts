import { UsageError } from '../errors.js';
import { parseDuration } from '../config/units.js';
import { canonicalTime, fromEpoch } from '../model/timestamp.js';

/**
 * `--since`: a duration back from now (`10m`, `1h30m`, `45s`, `2d`), an RFC 3339 time
 * (`2024-05-01T12:00:00Z`, `…T12:00:00.5+02:00`) or seconds since the epoch; the canonical time it means.
 */
export function parseSince(text: string, now: number = Date.now()): string {
  const input = text.trim();
  // Bare seconds since the epoch first: `0` is a time here, not a duration of nothing.
  if (/^\d+(?:\.\d{1,9})?$/.test(input)) {
    const [seconds, fraction = ''] = input.split('.');
    return fromEpoch(Number(seconds), fraction.padEnd(9, '0'));
  }
  const ago = parseDuration(input, { days: true });
  if (ago !== undefined) return fromMs(now - ago);
  const time = canonicalTime(input);
  if (time) return time;
  throw new UsageError(`--since ${text}: not a duration or a time`, 'Write a duration such as 10m or 1h30m, or a time such as 2024-05-01T12:00:00Z.');
}

function fromMs(ms: number): string {
  const whole = Math.floor(ms / 1000);
  return fromEpoch(whole, String(Math.round((ms - whole * 1000) * 1e6)).padStart(9, '0'));
}
