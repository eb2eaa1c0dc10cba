import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestAutomatic, toPrune } from '../../../src/snapshot/prune.js';

const at = (minute: number) => `2026-11-23T18:${String(minute).padStart(2, '0')}:00.000Z`;
const snapshots = [
  { name: 'a', createdAt: at(1), automatic: false },
  { name: 'auto-1', createdAt: at(2), automatic: true },
  { name: 'b', createdAt: at(3), automatic: false },
  { name: 'auto-2', createdAt: at(4), automatic: true },
  { name: 'c', createdAt: at(5), automatic: false },
];

describe('toPrune', () => {
  it('keeps the newest N of one kind and leaves the other kind alone', () => {
    expect(toPrune(snapshots, 2, false)).toEqual(['a']);
    expect(toPrune(snapshots, 1, true)).toEqual(['auto-1']);
    expect(toPrune(snapshots, 0, false).sort()).toEqual(['a', 'b', 'c']);
    expect(toPrune(snapshots, 10, false)).toEqual([]);
  });

  it('always leaves exactly min(N, count) of the kind, the newest ones, and never touches the other kind', () => {
    const arb = fc.uniqueArray(fc.record({ name: fc.string({ minLength: 1 }), createdAt: fc.integer({ min: 0, max: 59 }).map(at), automatic: fc.boolean() }), {
      selector: (s) => s.name,
    });
    fc.assert(
      fc.property(arb, fc.nat(8), fc.boolean(), (list, keep, automatic) => {
        const doomed = new Set(toPrune(list, keep, automatic));
        const sameKind = list.filter((s) => s.automatic === automatic);
        const left = sameKind.filter((s) => !doomed.has(s.name));
        expect(left).toHaveLength(Math.min(keep, sameKind.length));
        for (const s of list.filter((x) => x.automatic !== automatic)) expect(doomed.has(s.name)).toBe(false);
        for (const gone of sameKind.filter((s) => doomed.has(s.name))) for (const kept of left) expect(kept.createdAt >= gone.createdAt).toBe(true);
      }),
    );
  });
});

describe('latestAutomatic', () => {
  it('is the newest automatic snapshot, whatever the newest saved one is', () => {
    expect(latestAutomatic(snapshots)?.name).toBe('auto-2');
    expect(latestAutomatic(snapshots.filter((s) => !s.automatic))).toBeUndefined();
  });
});
