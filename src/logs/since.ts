import { UsageError } from '../errors.js';
import { canonicalTime, fromEpoch } from '../model/timestamp.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/**
 * `--since`: a duration back from now (`10m`, `1h30m`, `45s`, `2d`), an RFC 3339 time
 * (`2024-05-01T12:00:00Z`, `…T12:00:00.5+02:00`) or seconds since the epoch; the canonical time it means.
 */
export function parseSince(text: string, now: number = Date.now()): string {
  const input = text.trim();
  if (DURATION.test(input)) {
    let ms = 0;
    for (const [, amount, unit] of input.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(amount) * UNIT_MS[unit!]!;
    return fromMs(now - ms);
  }
  if (/^\d+(?:\.\d{1,9})?$/.test(input)) {
    const [seconds, fraction = ''] = input.split('.');
    return fromEpoch(Number(seconds), fraction.padEnd(9, '0'));
  }
  const time = canonicalTime(input);
  if (time) return time;
  throw new UsageError(`--since ${text}: not a duration or a time`, 'Write a duration such as 10m or 1h30m, or a time such as 2024-05-01T12:00:00Z.');
}

function fromMs(ms: number): string {
  const whole = Math.floor(ms / 1000);
  return fromEpoch(whole, String(Math.round((ms - whole * 1000) * 1e6)).padStart(9, '0'));
}
