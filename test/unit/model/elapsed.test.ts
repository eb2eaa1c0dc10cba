import { describe, expect, it } from 'vitest';
import { formatElapsed } from '../../../src/model/elapsed.js';

describe('formatElapsed', () => {
  it('says seconds with one decimal, rounding as the task tree and closing lines do', () => {
    expect(formatElapsed(0)).toBe('0.0s');
    expect(formatElapsed(49)).toBe('0.0s');
    expect(formatElapsed(1250)).toBe('1.3s');
    expect(formatElapsed(61_200)).toBe('61.2s');
  });
});
