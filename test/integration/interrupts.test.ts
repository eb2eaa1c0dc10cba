import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, execIn, project, projectContainers, start, waitFor } from './helpers.js';

/** A small seeded generator, so a failing run can be replayed with DEVSTACK_TEST_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('Ctrl-C at random points during up', () => {
  const { dir, name } = project('chain');
  const ref = `127.0.0.1:5000/devstack-tests/busybox:${name}`;
  const seed = Number(process.env.DEVSTACK_TEST_SEED ?? Date.now() % 100_000);
  const next = random(seed);

  beforeAll(async () => {
    await docker.getImage('busybox:latest').tag({ repo: '127.0.0.1:5000/devstack-tests/busybox', tag: name });
    execFileSync('docker', ['push', ref], { stdio: 'ignore' });
    const file = join(dir, 'devstack.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('busybox:latest', ref));
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
    await execIn(`${name}-db-1`, ['sh', '-c', 'echo precious > /data/marker']);
  });
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getImage(ref)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it(`exits 130 at each of 20 points, and the next up converges with the data intact (seed ${seed})`, async () => {
    let interrupted = 0;
    for (let attempt = 0; interrupted < 20 && attempt < 60; attempt += 1) {
      // Start from nothing (pull, create, start, wait) or from a running stack (recreate), at random.
      const fromScratch = next() < 0.5;
      if (fromScratch) {
        expect((await devstack(['down', '-p', name], dir)).code).toBe(0);
        await docker
          .getImage(ref)
          .remove()
          .catch(() => undefined);
      }
      const run = start(['up', '-p', name, ...(fromScratch ? [] : ['--force-recreate'])], dir);
      await new Promise((r) => setTimeout(r, 250 + next() * 1500));
      run.child.kill('SIGINT');
      const result = await run.done;
      if (result.code === 0) continue; // it finished before the signal: not a point during the run
      interrupted += 1;
      expect(result.code, result.stderr).toBe(130);
      // A Ctrl-C during start-up, before any engine call, ends the process by the signal itself.
      if (result.stderr.includes('Interrupted')) {
        expect(result.stderr).toMatch(/Interrupted: stopped starting new work/);
        expect(result.stderr).toMatch(/(db|api|cache): (ready|running, not yet ready|not started|created, not started|left \w+)/);
      }

      const again = await devstack(['up', '-p', name], dir);
      expect(again.code, again.stderr).toBe(0);
      const containers = await projectContainers(name);
      expect(containers.map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(['api', 'cache', 'db']);
      expect(containers.every((c) => c.State === 'running')).toBe(true);
      expect((await execIn(`${name}-db-1`, ['cat', '/data/marker'])).trim()).toBe('precious');
    }
    expect(interrupted).toBe(20);
  }, 900_000);

  it('a second Ctrl-C quits within two seconds', async () => {
    const run = start(['up', '-p', name, '--force-recreate'], dir);
    await waitFor(() => /recreating|creating|starting|waiting/.test(run.stderr()), 30_000);
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 50));
    const second = Date.now();
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(Date.now() - second).toBeLessThan(2000);
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
  });

  it('an interrupted reset is finished by the next up, the data kept', async () => {
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
    const run = start(['reset', '-p', name], dir);
    await waitFor(() => /(db|api|cache): /.test(run.stderr()), 30_000);
    run.child.kill('SIGINT');
    expect([0, 130]).toContain((await run.done).code);
    const again = await devstack(['up', '-p', name], dir);
    expect(again.code, again.stderr).toBe(0);
    expect((await projectContainers(name)).map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(['api', 'cache', 'db']);
    expect((await execIn(`${name}-db-1`, ['cat', '/data/marker'])).trim()).toBe('precious');
  });

  it('an interrupted down is finished by the next down', async () => {
    const run = start(['down', '-p', name], dir);
    await new Promise((r) => setTimeout(r, 100 + next() * 300));
    run.child.kill('SIGINT');
    expect([0, 130]).toContain((await run.done).code);
    expect((await devstack(['down', '-p', name], dir)).code).toBe(0);
    expect(await projectContainers(name)).toEqual([]);
  });
});
