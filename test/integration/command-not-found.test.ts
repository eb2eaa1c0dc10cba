import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { devstack, waitFor } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

const dir = mkdtempSync(join(tmpdir(), 'devstack-typo-'));

describe('a mistyped command', () => {
  it('without a terminal: the suggestion and how to run it on stderr, exit 2, no question asked', async () => {
    const { code, stdout, stderr } = await devstack(['stauts', '--json'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('stauts is not a devstack command');
    expect(stderr).toContain('Did you mean status?');
    expect(stderr).toContain('devstack status --json');
    expect(stderr).not.toMatch(/\[y\/N\]|\(Y\/n\)/);
  });

  it('names a topic command the way it is typed, with spaces', async () => {
    const { code, stderr } = await devstack(['snapshot', 'restor'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('Did you mean snapshot restore?');
  });

  it('in a terminal: the same suggestion, and answering no exits 2 without running anything', async () => {
    const run = inTerminal(['stauts'], dir);
    await waitFor(() => /\[y\/N\]/.test(plainText(run.screen())), 30_000);
    run.type('n\r');
    const { code, screen } = await run.done;
    const text = plainText(screen);
    expect(code, text).toBe(2);
    expect(text).toContain('Did you mean status?');
    expect(text).toContain('devstack status');
    expect(text).not.toMatch(/SERVICE|STATE/);
  });

  it('in a terminal: answering yes runs the suggested command', async () => {
    const run = inTerminal(['profils'], dir);
    await waitFor(() => /\[y\/N\]/.test(plainText(run.screen())), 30_000);
    run.type('y\r');
    const { code, screen } = await run.done;
    expect(code, plainText(screen)).toBe(0);
    expect(plainText(screen)).toMatch(/PROFILE\s+FROM\s+SERVICES/);
  });
});
