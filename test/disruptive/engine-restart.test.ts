import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, project, projectContainers, start, waitFor } from '../integration/helpers.js';

const root = resolve(import.meta.dirname, '../..');
const PIDFILE = '/run/devstack-sandbox/dockerd.pid';

/** Only the sandbox engine may be killed: it is ours, and its script brings it back. */
async function assertSandboxEngine(): Promise<void> {
  const info = await new Docker().info();
  const labels: string[] = info.Labels ?? [];
  if (!labels.includes('devstack.sandbox=1')) {
    throw new Error('This test kills and restarts the engine, so it runs only on the sandbox engine (scripts/sandbox-engine.sh); this engine is not it.');
  }
}

describe('the engine dies during up', () => {
  const { dir, name } = project('chain');
  beforeAll(assertSandboxEngine);
  afterAll(() => cleanup(name));

  it('gives one clear error and a non-zero exit; after a restart the next up converges', async () => {
    const run = start(['up', '-p', name], dir);
    await waitFor(() => /db: (creating|starting|waiting)/.test(run.stderr()), 60_000);
    execFileSync('kill', ['-9', readFileSync(PIDFILE, 'utf8').trim()]);
    const failed = await run.done;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/No Docker engine answered at unix:\/\/\/var\/run\/docker\.sock/);
    expect(failed.stderr).not.toContain('unexpected error');

    execFileSync('bash', [resolve(root, 'scripts/sandbox-engine.sh')], { stdio: 'ignore' });
    const again = await devstack(['up', '-p', name], dir);
    expect(again.code, again.stderr).toBe(0);
    const containers = await projectContainers(name);
    expect(containers.map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(['api', 'cache', 'db']);
    expect(containers.every((c) => c.State === 'running')).toBe(true);
  });
});
