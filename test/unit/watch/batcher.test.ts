import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher } from '../../../src/watch/batcher.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A run that takes `ms` of fake time, recording what it got and when it started and ended. */
function recorder(ms: number) {
  const runs: Array<{ paths: string[]; start: number; end: number }> = [];
  const run = async (paths: string[]) => {
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, ms));
    runs.push({ paths: [...paths].sort(), start, end: Date.now() });
  };
  return { runs, run };
}

describe('Batcher', () => {
  it('runs once, after the quiet period, for a burst of changes', async () => {
    const { runs, run } = recorder(10);
    const batcher = new Batcher(run, { quietMs: 100, maxWaitMs: 2000 });
    for (const name of ['a', 'b', 'c', 'a']) {
      batcher.add(name);
      await vi.advanceTimersByTimeAsync(30);
    }
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(runs.map((r) => r.paths)).toEqual([['a', 'b', 'c']]);
  });

  it('queues exactly one more run for any number of changes during a slow run', async () => {
    const { runs, run } = recorder(5000);
    const batcher = new Batcher(run, { quietMs: 50, maxWaitMs: 2000 });
    batcher.add('first');
    await vi.advanceTimersByTimeAsync(100);
    for (let i = 0; i < 40; i += 1) {
      batcher.add(`during-${i % 7}`);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(20_000);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.paths).toHaveLength(7);
    expect(runs[1]!.start).toBeGreaterThanOrEqual(runs[0]!.end);
  });

  it('does not starve when changes never stop: maxWait bounds the delay', async () => {
    const { runs, run } = recorder(1);
    const batcher = new Batcher(run, { quietMs: 100, maxWaitMs: 500 });
    const t0 = Date.now();
    for (let i = 0; i < 20; i += 1) {
      batcher.add(`f${i}`);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]!.start - t0).toBeLessThanOrEqual(520);
  });

  it('keeps going after a run fails', async () => {
    let calls = 0;
    const batcher = new Batcher(
      async () => {
        calls += 1;
        throw new Error('boom');
      },
      { quietMs: 10, maxWaitMs: 100 },
    );
    batcher.add('a');
    await vi.advanceTimersByTimeAsync(50);
    batcher.add('b');
    await vi.advanceTimersByTimeAsync(50);
    expect(calls).toBe(2);
  });

  it('property: runs never overlap, every change is delivered after it happened, none twice unless re-made', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 400 }), path: fc.constantFrom('a', 'b', 'c', 'd') }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 1500 }),
        fc.integer({ min: 1, max: 300 }),
        async (changes, runMs, quietMs) => {
          vi.setSystemTime(0);
          const { runs, run } = recorder(runMs);
          const batcher = new Batcher(run, { quietMs, maxWaitMs: quietMs * 10 });
          const added: Array<{ path: string; at: number }> = [];
          for (const change of changes) {
            await vi.advanceTimersByTimeAsync(change.gap);
            added.push({ path: change.path, at: Date.now() });
            batcher.add(change.path);
          }
          await vi.advanceTimersByTimeAsync(quietMs * 10 + runMs * 3 + 10);
          for (let i = 1; i < runs.length; i += 1) expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end);
          for (const change of added) expect(runs.some((r) => r.start >= change.at && r.paths.includes(change.path))).toBe(true);
          for (const r of runs) expect(new Set(r.paths).size).toBe(r.paths.length);
          // A batch is only ever started by a change made since the previous batch started.
          for (let i = 1; i < runs.length; i += 1) expect(added.some((c) => c.at >= runs[i - 1]!.start && c.at <= runs[i]!.start)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
