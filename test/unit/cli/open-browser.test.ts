import { describe, expect, it } from 'vitest';
import { opensBrowser } from '../../../src/cli/open-browser.js';

describe('ui opening a browser', () => {
  it('happens where there is a display: a desktop OS, or X or Wayland', () => {
    expect(opensBrowser(true, { DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(opensBrowser(true, { WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(opensBrowser(true, {}, 'darwin')).toBe(true);
    expect(opensBrowser(true, {}, 'linux')).toBe(false);
  });

  it('never happens with --no-open, even with a display', () => {
    expect(opensBrowser(false, { DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(opensBrowser(false, {}, 'darwin')).toBe(false);
  });

  it('never happens in CI, even with a display', () => {
    expect(opensBrowser(true, { CI: 'true', DISPLAY: ':0' }, 'linux')).toBe(false);
    expect(opensBrowser(true, { CI: '1' }, 'darwin')).toBe(false);
  });
});
