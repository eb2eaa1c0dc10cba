import { describe, expect, it } from 'vitest';
import { renamedFlagNotices } from '../../../src/cli/renamed-flags.js';

const flags = { 'lock-wait': { aliases: ['wait'], allowNo: true }, timeout: {} };

describe('renamedFlagNotices', () => {
  it('names the new spelling of an old one, its --no- form too', () => {
    expect(renamedFlagNotices(['--wait'], flags)).toEqual(['notice: --wait is now --lock-wait; the old spelling goes in the next release.']);
    expect(renamedFlagNotices(['api', '--no-wait'], flags)).toEqual(['notice: --no-wait is now --no-lock-wait; the old spelling goes in the next release.']);
  });

  it('says nothing for the new spelling, or for words after -- that belong to another program', () => {
    expect(renamedFlagNotices(['--lock-wait', '--no-lock-wait', '--timeout', '3'], flags)).toEqual([]);
    expect(renamedFlagNotices(['app', '--', 'sleep', '--wait'], flags)).toEqual([]);
  });
});
