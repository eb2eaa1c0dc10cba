import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalTime, fromEpoch, toEpochSeconds } from '../../../src/model/timestamp.js';

describe('canonicalTime', () => {
  it('keeps every nanosecond and pads to nine digits', () => {
    expect(canonicalTime('2024-05-01T12:34:56.123456789Z')).toBe('2024-05-01T12:34:56.123456789Z');
    expect(canonicalTime('2024-05-01T12:34:56.5Z')).toBe('2024-05-01T12:34:56.500000000Z');
    expect(canonicalTime('2024-05-01T12:34:56Z')).toBe('2024-05-01T12:34:56.000000000Z');
  });

  it('moves offsets to UTC, across a day boundary too', () => {
    expect(canonicalTime('2024-05-01T01:00:00.25+02:00')).toBe('2024-04-30T23:00:00.250000000Z');
    expect(canonicalTime('2024-12-31T23:30:00-01:00')).toBe('2025-01-01T00:30:00.000000000Z');
  });

  it('says undefined for anything else', () => {
    for (const text of ['', '10m', '2024-05-01', '2024-13-01T00:00:00Z', '2024-05-01T25:00:00Z', 'yesterday']) expect(canonicalTime(text)).toBeUndefined();
  });

  it('orders as strings exactly as the instants they name', () => {
    const instant = fc.tuple(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: 0, max: 999_999_999 }));
    fc.assert(
      fc.property(instant, instant, ([s1, n1], [s2, n2]) => {
        const a = fromEpoch(s1, String(n1).padStart(9, '0'));
        const b = fromEpoch(s2, String(n2).padStart(9, '0'));
        expect(Math.sign(a.localeCompare(b))).toBe(Math.sign(s1 - s2 || n1 - n2));
        expect(a < b).toBe(s1 < s2 || (s1 === s2 && n1 < n2));
      }),
    );
  });
});

describe('toEpochSeconds', () => {
  it("gives the engine's seconds.nanoseconds", () => {
    expect(toEpochSeconds('1970-01-01T00:01:40.000000042Z')).toBe('100.000000042');
    expect(toEpochSeconds(canonicalTime('2024-05-01T12:34:56.123456789Z')!)).toBe('1714566896.123456789');
  });
});
