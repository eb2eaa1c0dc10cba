import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL_SERVICE } from '../../src/engine/types.js';
import { cleanup, devstack, project, projectContainers, start, waitFor } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

const SERVICES = ['db', 'cache', 'api'];
const STATE =
  /^ {2}(db|cache|api): (ready|running, not yet ready|not started|created, not started: the next up starts it|left \w+: the next up finishes it|stopped: the next up starts it)$/gm;
const INTERRUPTED = 'Interrupted: stopped starting new work.';

/**
 * The chain fixture with a db whose health file appears only 30 s after it starts, so every Ctrl-C
 * below lands while up still waits for it: a run that finished first would prove nothing.
 */
function slowDbChain(): { dir: string; name: string } {
  const copy = project('chain');
  const file = join(copy.dir, 'devstack.yml');
  const fast = 'mkdir -p /data/www && echo db-ok > /data/www/health && echo db ready && exec httpd';
  // The volume keeps the last run's health file: removed at each start, so each run waits again.
  const slow = 'mkdir -p /data/www; rm -f /data/www/health; (sleep 30; echo db-ok > /data/www/health) & echo db ready; exec httpd';
  const text = readFileSync(file, 'utf8');
  if (!text.includes(fast)) throw new Error("the chain fixture's db command changed: update slowDbChain()");
  writeFileSync(file, text.replace(fast, slow));
  return copy;
}

/** Each service's state in the summary an interrupted up prints after its error line. */
function summaryOf(text: string): Map<string, string> {
  const report = text.slice(text.lastIndexOf(INTERRUPTED));
  return new Map([...report.matchAll(STATE)].map((m) => [m[1]!, m[2]!]));
}

/** What the summary says of each service must be what the engine has for the project. */
async function expectEngineAgrees(name: string, states: Map<string, string>): Promise<void> {
  expect(new Set(states.keys())).toEqual(new Set(SERVICES));
  const containers = await projectContainers(name);
  for (const [service, state] of states) {
    const mine = containers.filter((c) => c.Labels[LABEL_SERVICE] === service);
    const running = mine.some((c) => c.State === 'running');
    const claim = `${service}: ${state}, the engine has ${mine.map((c) => c.State).join(', ') || 'no container'}`;
    if (state === 'ready' || state === 'running, not yet ready') expect(running, claim).toBe(true);
    else if (state.startsWith('created, not started')) expect(mine.length > 0 && !running, claim).toBe(true);
    else if (state === 'not started' || state.startsWith('stopped')) expect(running, claim).toBe(false);
    // `left pulling` and the like name a step cut short; interrupts.test.ts checks the next up finishes it.
  }
}

/** Ctrl-C typed into a real terminal during `up`, at several moments of the run. */
describe('Ctrl-C during up in a terminal', () => {
  const { dir, name } = slowDbChain();
  afterAll(() => cleanup(name));

  it.each([300, 700, 1200, 2000])(
    'at %i ms: exit 130, a summary of every service that the engine agrees with, the cursor given back, no crash',
    async (ms) => {
      expect((await devstack(['down', '-p', name], dir)).code).toBe(0);
      const run = inTerminal(['up', '-p', name], dir);
      // The CLI's start-up is not the moment under test: count from its first output.
      await waitFor(() => run.screen().length > 0, 30_000);
      await new Promise((r) => setTimeout(r, ms));
      run.type('\x03');
      const { code, screen } = await run.done;
      const text = plainText(screen);
      expect(code, text).toBe(130);
      expect(text).not.toMatch(/TypeError|Cannot read properties/);
      expect(text).toContain(INTERRUPTED);
      await expectEngineAgrees(name, summaryOf(text));
      // listr2 hides the cursor while it draws; it must be shown again.
      expect(screen.lastIndexOf('\x1b[?25h')).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
    },
    120_000,
  );
});

describe('Ctrl-C during up without a terminal', () => {
  const { dir, name } = slowDbChain();
  afterAll(() => cleanup(name));

  it('calls a service that was started "running", not "not started", as the engine has it', async () => {
    const run = start(['up', '-p', name], dir);
    await waitFor(() => /db: waiting/.test(run.stderr()), 60_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    const states = summaryOf(result.stderr);
    expect(states.get('db')).toBe('running, not yet ready');
    await expectEngineAgrees(name, states);
  }, 120_000);
});

interface JsonLine {
  type: string;
  service?: string;
  phase?: string;
  ok?: boolean;
  exitCode?: number;
  error?: string;
  services?: Array<{ service: string; state: string }>;
}

describe('Ctrl-C during up --json', () => {
  const { dir, name } = slowDbChain();
  afterAll(() => cleanup(name));

  it('ends with a failed result event, exit 130, that says where each service was left', async () => {
    const run = start(['up', '-p', name, '--json'], dir);
    let stdout = '';
    run.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    await waitFor(() => /"service":"db","phase":"waiting"/.test(stdout) || run.child.exitCode !== null, 60_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    const lines = result.stdout.trim().split('\n');
    const events = lines.map((line) => JSON.parse(line) as JsonLine);
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: false, exitCode: 130, error: INTERRUPTED, project: name });
    const states = new Map((events.at(-1)!.services ?? []).map((s) => [s.service, s.state]));
    expect(states.get('db')).toBe('running, not yet ready');
    await expectEngineAgrees(name, states);
    // The same words as the summary on stderr, which a person reading the log sees.
    expect(summaryOf(result.stderr)).toEqual(states);
  }, 120_000);
});

describe('Ctrl-C during restart', () => {
  const { dir, name } = slowDbChain();
  afterAll(() => cleanup(name));

  it('exit 130 with where each service was left: started again, still waiting, or stopped, as the engine has it', async () => {
    expect((await devstack(['up', '-p', name, '--detach'], dir)).code).toBe(0);
    const run = start(['restart', '-p', name], dir);
    await waitFor(() => /db: waiting/.test(run.stderr()) || run.child.exitCode !== null, 60_000);
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    const states = summaryOf(result.stderr);
    expect(states.get('db')).toBe('running, not yet ready');
    // api waits for a healthy db: the restart stopped it and never started it again.
    expect(states.get('api')).toBe('stopped: the next up starts it');
    await expectEngineAgrees(name, states);
  }, 120_000);
});
