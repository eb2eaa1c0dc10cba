import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, cleanup, docker, execIn, project, removeProjectImages, start, waitFor } from './helpers.js';

interface Event {
  type: string;
  service?: string;
  action?: string;
  ok?: boolean;
  paths?: string[];
}

const { dir, name } = project('watch-mounted');
const containerId = async () => (await docker.getContainer(`${name}-web-1`).inspect()).Id;

/** `devstack watch` in a pseudo-terminal (script(1)), as a person runs it; Ctrl-C is typed, not signalled. */
function watchInTerminal() {
  const { CI: _ci, ...env } = process.env;
  const line = ['stty', 'rows', '45', 'cols', '160;', 'exec', 'node', bin, 'watch', '-p', name].join(' ');
  const child = spawn('script', ['-qfec', line, '/dev/null'], { cwd: dir, env: { ...env, NO_COLOR: '1', TERM: 'xterm' } });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, done };
}

describe('watch on a built service with a bind-mounted folder', { timeout: 300_000 }, () => {
  afterAll(async () => {
    await cleanup(name);
    await removeProjectImages(name);
  });

  it('an edit under the mount needs no rebuild (the container sees it); an edit elsewhere in the context rebuilds', async () => {
    const run = start(['watch', '-p', name, '--json'], dir);
    const events: Event[] = [];
    run.child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.startsWith('{')) events.push(JSON.parse(line) as Event);
    });
    try {
      await waitFor(() => events.some((e) => e.type === 'watching') || run.child.exitCode !== null, 180_000);
      expect(run.child.exitCode, run.stderr()).toBeNull();
      const before = await containerId();
      writeFileSync(join(dir, 'site/index.html'), 'second');
      // Well past the quiet period: a rebuild started by that edit would show as an action by now.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await execIn(`${name}-web-1`, ['cat', '/www/site/index.html'])).toBe('second');
      writeFileSync(join(dir, 'notes.txt'), 'changed in the image');
      await waitFor(() => events.some((e) => e.type === 'action') || run.child.exitCode !== null, 120_000);
      const actions = events.filter((e) => e.type === 'action');
      expect(actions).toHaveLength(1);
      expect(actions[0]).toMatchObject({ service: 'web', action: 'rebuild', ok: true, paths: ['notes.txt'] });
      expect(await containerId()).not.toBe(before);
      expect(await execIn(`${name}-web-1`, ['cat', '/www/notes.txt'])).toBe('changed in the image');
    } finally {
      run.child.kill('SIGINT');
    }
    const result = await run.done;
    // Ctrl-C is the normal way out: exit 130, no error line, no "run the same command again".
    expect(result.code).toBe(130);
    expect(result.stderr).not.toMatch(/error:|Run the same command again/i);
    expect(result.stderr).toContain('The stack keeps running as it is');
    expect(events.at(-2)).toMatchObject({ type: 'stopped' });
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: true, interrupted: true, exitCode: 130 });
  });

  it('Ctrl-C typed in a terminal ends the watch quietly, with the stack left running', async () => {
    const w = watchInTerminal();
    try {
      await waitFor(() => /web: watching/.test(w.output()) || w.child.exitCode !== null, 180_000);
      expect(w.child.exitCode, w.output()).toBeNull();
      w.child.stdin.write('\x03');
      expect(await Promise.race([w.done, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))])).toBe(130);
    } finally {
      if (w.child.exitCode === null) w.child.kill('SIGKILL');
    }
    const output = w.output();
    expect(output).toContain('Stopped watching.');
    expect(output).toContain('The stack keeps running as it is');
    expect(output).not.toMatch(/error:|Run the same command again/i);
    expect((await docker.getContainer(`${name}-web-1`).inspect()).State.Running).toBe(true);
  });
});
