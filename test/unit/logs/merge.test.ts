import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceLogLine } from '../../../src/logs/log-line.js';
import { mergeByTime } from '../../../src/logs/merge-by-time.js';
import { fromEpoch } from '../../../src/model/timestamp.js';

const line = (service: string, second: number, message: string): ServiceLogLine => ({ service, stream: 'stdout', time: fromEpoch(second), message });

describe('mergeByTime', () => {
  it('interleaves services by time', () => {
    const a = [line('a', 1, 'a1'), line('a', 3, 'a2'), line('a', 5, 'a3')];
    const b = [line('b', 2, 'b1'), line('b', 4, 'b2')];
    expect(mergeByTime([a, b]).map((l) => l.message)).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('keeps the order of the lists for equal times', () => {
    expect(mergeByTime([[line('a', 1, 'a')], [line('b', 1, 'b')]]).map((l) => l.message)).toEqual(['a', 'b']);
  });

  it('gives every line once, in time order, each service in its own order', () => {
    const service = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }).map((seconds) => seconds.sort((x, y) => x - y));
    fc.assert(
      fc.property(fc.array(service, { maxLength: 5 }), (lists) => {
        const input = lists.map((seconds, i) => seconds.map((s, j) => line(`s${i}`, s, `s${i}-${j}`)));
        const merged = mergeByTime(input);
        expect(merged).toHaveLength(input.flat().length);
        for (let k = 1; k < merged.length; k += 1) expect(merged[k - 1]!.time <= merged[k]!.time).toBe(true);
        input.forEach((list, i) => expect(merged.filter((l) => l.service === `s${i}`)).toEqual(list));
      }),
    );
  });
});
