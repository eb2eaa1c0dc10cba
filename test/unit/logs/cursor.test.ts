import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../src/engine/types.js';
import { LogCursor } from '../../../src/logs/cursor.js';
import { fromEpoch } from '../../../src/model/timestamp.js';

const entry = (second: number, message: string, stream: LogEntry['stream'] = 'stdout'): LogEntry => ({ stream, time: fromEpoch(second), message });

/** The engine's answer to `since`: every line stamped at or after it. */
const fromEngine = (log: LogEntry[], since: string | undefined) => log.filter((e) => since === undefined || e.time >= since);

describe('LogCursor', () => {
  it('re-attaching at the newest time drops the lines already shown at that time, and only those', () => {
    const cursor = new LogCursor();
    const log = [entry(1, 'a'), entry(2, 'b'), entry(2, 'c'), entry(2, 'd'), entry(3, 'e')];
    expect(
      log
        .slice(0, 3)
        .filter((e) => cursor.accept(e))
        .map((e) => e.message),
    ).toEqual(['a', 'b', 'c']);
    expect(cursor.since).toBe(fromEpoch(2));
    cursor.reattach();
    expect(
      fromEngine(log, cursor.since)
        .filter((e) => cursor.accept(e))
        .map((e) => e.message),
    ).toEqual(['d', 'e']);
  });

  it('tells apart stdout and stderr lines with the same text', () => {
    const cursor = new LogCursor();
    expect(cursor.accept(entry(1, 'x', 'stdout'))).toBe(true);
    cursor.reattach();
    expect(cursor.accept(entry(1, 'x', 'stdout'))).toBe(false);
    expect(cursor.accept(entry(1, 'x', 'stderr'))).toBe(true);
  });

  it('starts from the initial since until a line is seen', () => {
    const cursor = new LogCursor(fromEpoch(7));
    expect(cursor.since).toBe(fromEpoch(7));
    cursor.accept(entry(9, 'late'));
    expect(cursor.since).toBe(fromEpoch(9));
  });

  it('a log read in any number of attachments, each cut anywhere, comes out exactly once and in order', () => {
    // Seconds drawn from a small range so that many lines share a time, repeated texts included.
    const log = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('x', 'y', 'z'), fc.constantFrom<LogEntry['stream']>('stdout', 'stderr')), {
        maxLength: 40,
      })
      .map((items) => items.sort((a, b) => a[0] - b[0]).map(([s, m, stream]) => entry(s, m, stream)));
    fc.assert(
      fc.property(log, fc.array(fc.nat(), { maxLength: 6 }), (full, cuts) => {
        const cursor = new LogCursor();
        const shown: LogEntry[] = [];
        // Each attachment sees the log as it was when it was cut: a prefix that grows.
        for (const end of [...cuts.map((c) => c % (full.length + 1)).sort((a, b) => a - b), full.length]) {
          cursor.reattach();
          for (const e of fromEngine(full.slice(0, end), cursor.since)) if (cursor.accept(e)) shown.push(e);
        }
        expect(shown).toEqual(full);
      }),
    );
  });
});
