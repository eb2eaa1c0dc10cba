import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, project, projectContainers, start, waitFor } from './helpers.js';
import { engineRunsHealthchecks } from './engine-under-test.js';

describe('when a service does not become ready', () => {
  const { dir, name } = project('never-healthy');
  afterAll(() => cleanup(name));

  it('fails with exit 1, naming the service, its probe outputs and its last log lines', async () => {
    const result = await devstack(['up', '-p', name, '--timeout', '4'], dir);
    expect(result.code).toBe(1);
    // Its 3 retries of 1 s run out before the 4 s timeout: the engine's unhealthy verdict ends the wait.
    expect(result.stderr).toMatch(/Service broken (is unhealthy: its healthcheck failed|did not pass its healthcheck before the timeout)/);
    expect(result.stderr).toContain('probe says no to ****');
    expect(result.stderr).toMatch(/broken: probe \d+: exit 1: probe says no to \*\*\*\*/);
    expect(result.stderr).toContain('| marker-line-one password=****');
    expect(result.stderr).not.toContain('hunter2-secret');
    expect(result.stderr).toContain('| marker-line-two');
  });
});

describe.runIf(engineRunsHealthchecks())('when the engine already gave up on a healthcheck', () => {
  const { dir, name } = project('never-healthy');
  afterAll(() => cleanup(name));

  it('up fails once the container is unhealthy, not after --timeout', async () => {
    const started = Date.now();
    const result = await devstack(['up', '-p', name, '--timeout', '120'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Service broken is unhealthy: its healthcheck failed');
    // 3 retries of a 1 s interval: the engine says unhealthy after ~4 s; --timeout is 120 s.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});

describe('Ctrl-C during up', () => {
  const { dir, name } = project('chain');
  afterAll(() => cleanup(name));

  it('exits 130 and leaves a state the next up converges from', async () => {
    const run = start(['up', '-p', name], dir);
    await waitFor(() => /db: (creating|starting|waiting)/.test(run.stderr()), 60_000);
    run.child.kill('SIGINT');
    const interrupted = await run.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('Interrupted');

    const again = await devstack(['up', '-p', name], dir);
    expect(again.code).toBe(0);
    const containers = await projectContainers(name);
    expect(containers.map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(['api', 'cache', 'db']);
    expect(containers.every((c) => c.State === 'running')).toBe(true);
  });
});

describe('a service whose program is not in its image', () => {
  const { dir, name } = project('never-healthy');
  afterAll(() => cleanup(name));

  it('says which program is missing and how to fix it, instead of the runtime error', async () => {
    writeFileSync(join(dir, 'devstack.yml'), 'services:\n  app:\n    image: busybox:latest\n    command: ["air", "-c", ".air.toml"]\n');
    const result = await devstack(['up', '-p', name], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: Service app cannot start: its program "air" is not in the image');
    expect(result.stderr).toContain("hint: Install it in the image (its Dockerfile), or change the service's command or entrypoint.");
  });
});
