import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, project, start, waitFor } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

const SERVICES = ['db', 'cache', 'api'];
const STATE = /(db|cache|api): (ready|running, not yet ready|not started|created, not started: the next up starts it|left \w+: the next up finishes it)$/gm;

/** Ctrl-C typed into a real terminal during `up`, at several moments of the run. */
describe('Ctrl-C during up in a terminal', () => {
  const { dir, name } = project('chain');
  afterAll(() => cleanup(name));

  it.each([300, 700, 1200, 2000])(
    'at %i ms: exit 130, a summary of every service, the cursor given back, no crash',
    async (ms) => {
      expect((await devstack(['down', '-p', name], dir)).code).toBe(0);
      const run = inTerminal(['up', '-p', name], dir);
      // The CLI's start-up is not the moment under test: count from its first output.
      await waitFor(() => run.screen().length > 0, 30_000);
      await new Promise((r) => setTimeout(r, ms));
      run.type('\x03');
      const { code, screen } = await run.done;
      const text = plainText(screen);
      if (code === 0) return; // it was done before the key: nothing was interrupted
      expect(code, text).toBe(130);
      expect(text).not.toMatch(/TypeError|Cannot read properties/);
      expect(text).toContain('Interrupted: stopped starting new work.');
      expect(new Set([...text.matchAll(STATE)].map((m) => m[1]))).toEqual(new Set(SERVICES));
      // listr2 hides the cursor while it draws; it must be shown again.
      expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
    },
    120_000,
  );
});

describe('Ctrl-C during up without a terminal', () => {
  const { dir, name } = project('chain');
  afterAll(() => cleanup(name));

  it('calls a service that was started "running", not "not started"', async () => {
    const run = start(['up', '-p', name], dir);
    await waitFor(() => /db: waiting/.test(run.stderr()), 60_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/db: (ready|running, not yet ready)$/m);
  }, 120_000);
});
