import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outermost } from '../../../src/watch/sync.js';

describe('outermost', () => {
  it('keeps a deleted folder and drops what was inside it', () => {
    expect(outermost(['/app/a/b/c', '/app/a', '/app/ab', '/app/a/b', '/app/z'])).toEqual(['/app/a', '/app/ab', '/app/z']);
  });

  it('property: every path is covered by exactly one kept path, and no kept path lies inside another', () => {
    const path = fc.array(fc.constantFrom('a', 'b', 'ab'), { minLength: 1, maxLength: 4 }).map((parts) => `/app/${parts.join('/')}`);
    fc.assert(
      fc.property(fc.array(path, { maxLength: 20 }), (paths) => {
        const kept = outermost(paths);
        const within = (p: string, k: string) => p === k || p.startsWith(`${k}/`);
        for (const p of paths) expect(kept.filter((k) => within(p, k))).toHaveLength(1);
        for (const k of kept) expect(kept.filter((other) => other !== k && within(k, other))).toEqual([]);
      }),
    );
  });
});
