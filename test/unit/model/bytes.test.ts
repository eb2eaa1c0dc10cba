import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/model/bytes.js';

describe('formatBytes', () => {
  it('prints powers of 1000 with their own labels, as docker images does', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 kB');
    expect(formatBytes(18_400_000)).toBe('18.4 MB');
    // 1 GiB is not "1.0 GB": the old volume list divided by 1024 and labelled it GB.
    expect(formatBytes(1024 ** 3)).toBe('1.07 GB');
    expect(formatBytes(2.5e12)).toBe('2.50 TB');
  });
});
