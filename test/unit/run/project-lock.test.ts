import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectLockedError } from '../../../src/errors.js';
import { withProjectLock, type LockOptions } from '../../../src/run/project-lock.js';

const options = (fields: Partial<LockOptions> = {}): LockOptions => ({
  command: 'devstack up',
  wait: true,
  signal: new AbortController().signal,
  onWait: () => undefined,
  pollMs: 10,
  ...fields,
});

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('withProjectLock', () => {
  it('runs two changes to one project one after the other, never interleaved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const trace: string[] = [];
    const change = (name: string) =>
      withProjectLock(dir, options({ command: name }), async () => {
        trace.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 30));
        trace.push(`${name} end`);
      });
    await Promise.all([change('a'), change('b')]);
    expect(trace).toEqual(trace[0] === 'a start' ? ['a start', 'a end', 'b start', 'b end'] : ['b start', 'b end', 'a start', 'a end']);
  });

  it('says who holds the lock while waiting, and fails at once with --no-wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    let release!: () => void;
    const held = withProjectLock(dir, options({ command: 'devstack up api' }), () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(withProjectLock(dir, options({ wait: false }), async () => 'ran')).rejects.toBeInstanceOf(ProjectLockedError);
    const waited: string[] = [];
    const second = withProjectLock(dir, options({ onWait: (h) => waited.push(`${h.command} ${h.pid}`) }), async () => 'ran');
    await new Promise((r) => setTimeout(r, 50));
    release();
    await held;
    expect(await second).toBe('ran');
    expect(waited).toEqual([`devstack up api ${process.pid}`]);
  });

  it('takes over a lock whose holder died, once, even when several try at the same moment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    mkdirSync(join(dir, '.devstack'));
    writeFileSync(join(dir, '.devstack', 'lock'), JSON.stringify({ pid: deadPid(), command: 'devstack up', startedAt: '', host: hostname() }));
    let inside = 0;
    let most = 0;
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        withProjectLock(dir, options(), async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 20));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
