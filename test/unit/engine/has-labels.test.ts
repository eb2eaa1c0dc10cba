import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLabels } from '../../../src/engine/docker-area.js';

describe('hasLabels', () => {
  it("keeps only what carries every wanted label: the project's data volume is no staging volume", () => {
    const data = { 'dev.devstack.project': 'shop' };
    const staging = { 'dev.devstack.project': 'shop', 'dev.devstack.staging': 'restore-1' };
    const wanted = { 'dev.devstack.project': 'shop', 'dev.devstack.staging': true } as const;
    expect(hasLabels(data, wanted)).toBe(false);
    expect(hasLabels(staging, wanted)).toBe(true);
    expect(hasLabels({ 'dev.devstack.project': 'shop2', 'dev.devstack.staging': 'x' }, wanted)).toBe(false);
    expect(hasLabels(null, wanted)).toBe(false);
    expect(hasLabels(null, {})).toBe(true);
  });

  it('agrees with a label-by-label reading for any labels and any filter', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'constructor', 'toString');
    const labels = fc.dictionary(key, fc.constantFrom('', 'x', 'y'));
    const wanted = fc.dictionary(key, fc.oneof(fc.constant(true as const), fc.constantFrom('', 'x', 'y')));
    fc.assert(
      fc.property(labels, wanted, (have, want) => {
        const expected = Object.keys(want).every((k) => Object.keys(have).includes(k) && (want[k] === true || have[k] === want[k]));
        expect(hasLabels(have, want)).toBe(expected);
      }),
    );
  });
});
