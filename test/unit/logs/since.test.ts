import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseSince } from '../../../src/logs/since.js';

const now = Date.parse('2024-05-01T12:00:00.000Z');

describe('parseSince', () => {
  it('reads durations back from now, compound ones too', () => {
    expect(parseSince('10m', now)).toBe('2024-05-01T11:50:00.000000000Z');
    expect(parseSince('1h30m', now)).toBe('2024-05-01T10:30:00.000000000Z');
    expect(parseSince('45s', now)).toBe('2024-05-01T11:59:15.000000000Z');
    expect(parseSince('1.5s', now)).toBe('2024-05-01T11:59:58.500000000Z');
    expect(parseSince('250ms', now)).toBe('2024-05-01T11:59:59.750000000Z');
    expect(parseSince('2d', now)).toBe('2024-04-29T12:00:00.000000000Z');
  });

  it('reads RFC 3339 times with their fraction and offset', () => {
    expect(parseSince('2024-05-01T12:34:56.123456789Z', now)).toBe('2024-05-01T12:34:56.123456789Z');
    expect(parseSince('2024-05-01T14:00:00+02:00', now)).toBe('2024-05-01T12:00:00.000000000Z');
  });

  it('reads seconds since the epoch', () => {
    expect(parseSince('1714564800', now)).toBe('2024-05-01T12:00:00.000000000Z');
    expect(parseSince('1714564800.5', now)).toBe('2024-05-01T12:00:00.500000000Z');
  });

  it('refuses anything else as a usage error that says what to write', () => {
    for (const text of ['10 minutes', 'm', '-5m', '2024-05-01', 'yesterday']) expect(() => parseSince(text, now)).toThrow(UsageError);
    expect(() => parseSince('ten minutes', now)).toThrow(expect.objectContaining({ hint: expect.stringMatching(/^Write a duration such as 10m/) }));
  });
});
