import { describe, expect, it } from 'vitest';
import { formatElapsed } from '../../../src/model/elapsed.js';

describe('formatElapsed', () => {
  it('says seconds with one decimal, rounding as the task tree and closing lines do', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(49)).toBe('0.0s');
    expect(formatElapsed(1250)).toBe('1.3s');
    expect(formatElapsed(61_200)).toBe('61.2s');
  });

  it('keeps milliseconds below a second when asked (a watch sync), and seconds from there on', () => {
    expect(formatElapsed(42.4, { fine: true })).toBe('42ms');
    expect(formatElapsed(999.4, { fine: true })).toBe('999ms');
    expect(formatElapsed(999.6, { fine: true })).toBe('1.0s');
    expect(formatElapsed(4_321, { fine: true })).toBe('4.3s');
  });
});
