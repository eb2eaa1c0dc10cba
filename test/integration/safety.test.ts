import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, execIn, project, projectContainers, start, waitFor } from './helpers.js';
import { lacks } from './extras.js';

async function volumeExists(name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

describe('two commands changing one project at once', () => {
  const { dir, name } = project('gated');
  const openGate = () => execIn(`${name}-gate-1`, ['touch', '/tmp/open']);
  afterAll(() => cleanup(name));

  it('run one after the other: no name conflict, no duplicate container, the second says it waits', async () => {
    const first = start(['up', '-p', name], dir);
    await waitFor(() => /gate: waiting/.test(first.stderr()), 60_000);
    const second = start(['up', '-p', name], dir);
    await waitFor(() => /Waiting for `devstack up -p \w+` \(pid \d+, since .*\) to finish changing/.test(second.stderr()), 60_000);
    await openGate();
    const [a, b] = await Promise.all([first.done, second.done]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stderr).toMatch(/Nothing to do/);
    expect((await projectContainers(name)).map((c) => c.Labels['dev.devstack.service'])).toEqual(['gate']);
  });

  it('--no-lock-wait (once --no-wait) fails at once, naming the holder', async () => {
    const holder = start(['up', '-p', name, '--force-recreate'], dir);
    await waitFor(() => /gate: waiting/.test(holder.stderr()), 60_000);
    const refused = await devstack(['down', '-p', name, '--no-wait'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Another devstack command is changing this project: `devstack up -p \w+ --force-recreate` \(pid \d+/);
    // The old spelling still works this release, and says what replaces it.
    expect(refused.stderr).toContain('notice: --no-wait is now --no-lock-wait');
    const renamed = await devstack(['stop', '-p', name, '--no-lock-wait'], dir);
    expect(renamed.code).toBe(1);
    expect(renamed.stderr).not.toContain('notice:');
    await openGate();
    expect((await holder.done).code).toBe(0);
  });
});

describe.skipIf(lacks('compose'))("deleting volumes touches only what is this project's", () => {
  const { dir, name } = project('safety');
  const other = `${name}x`;
  const shared = `${name}-external`;
  const env = { SHARED_VOLUME: shared };
  const canaries = { external: shared, otherProject: `${other}_data`, unlabelledSamePrefix: `${name}_data-backup`, compose: `${name}_compose-data` };
  // The Compose canary is made by Compose itself (installed by `npm run test:all`), under the same project
  // name, with its own network name so that devstack's `<name>_default` stays free.
  const composeDir = mkdtempSync(join(tmpdir(), 'devstack-compose-canary-'));
  const compose = (...args: string[]) => execFileSync('docker', ['compose', '-p', name, '-f', join(composeDir, 'compose.yaml'), ...args], { stdio: 'pipe' });
  afterAll(async () => {
    await cleanup(name);
    compose('down', '--volumes');
    for (const volume of Object.values(canaries))
      await docker
        .getVolume(volume)
        .remove()
        .catch(() => undefined);
  });

  it('down --volumes refuses without a terminal and without --yes, deleting nothing', async () => {
    await docker.createVolume({ Name: shared });
    await docker.createVolume({ Name: canaries.otherProject, Labels: { 'dev.devstack.project': other, 'dev.devstack.project-dir': '/elsewhere' } });
    await docker.createVolume({ Name: canaries.unlabelledSamePrefix });
    writeFileSync(
      join(composeDir, 'compose.yaml'),
      [
        'services:',
        '  keeper:',
        '    image: busybox:latest',
        '    command: ["sleep", "3600"]',
        '    volumes: ["compose-data:/d"]',
        'volumes:',
        '  compose-data: {}',
        'networks:',
        `  default: {name: ${name}-compose}`,
        '',
      ].join('\n'),
    );
    compose('create');
    expect(await volumeExists(canaries.compose)).toBe(true);
    expect((await devstack(['up', '-p', name], dir, env)).code).toBe(0);
    await execIn(`${name}-db-1`, ['sh', '-c', 'echo kept > /shared/marker']);
    const refused = await devstack(['down', '-p', name, '--volumes'], dir, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${name}_data`);
    expect(refused.stderr).toContain(`devstack down --volumes --yes -p ${name}`);
    expect(await volumeExists(`${name}_data`)).toBe(true);
    expect((await projectContainers(name)).length).toBe(1);
  });

  it('reset --volumes --yes empties the project volume and leaves every canary', async () => {
    await execIn(`${name}-db-1`, ['sh', '-c', 'echo kept > /data/marker']);
    const reset = await devstack(['reset', '-p', name, '--volumes', '--yes'], dir, env);
    expect(reset.code).toBe(0);
    const listing = await execIn(`${name}-db-1`, ['ls', '/data', '/shared']);
    expect(listing).toMatch(/\/data:\s*\n\s*\n?\/shared:\s*\n.*marker/s);
    for (const volume of Object.values(canaries)) expect(await volumeExists(volume)).toBe(true);
  });

  it('down --volumes --yes deletes the project volume and leaves every canary', async () => {
    const down = await devstack(['down', '-p', name, '--volumes', '--yes'], dir, env);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(`deleted ${name}_data`);
    expect(await volumeExists(`${name}_data`)).toBe(false);
    for (const volume of Object.values(canaries)) expect(await volumeExists(volume)).toBe(true);
    const composeContainers = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${name}`] } });
    expect(composeContainers.map((c) => c.Names[0])).toEqual([`/${name}-keeper-1`]);
  });
});

describe('two checkouts of one project name in different directories', () => {
  const first = project('chain');
  const second = project('chain');
  afterAll(() => cleanup(first.name));

  it("refuses to act on the other checkout's containers, saying how to tell them apart", async () => {
    expect((await devstack(['up', '-p', first.name], first.dir)).code).toBe(0);
    const before = (await projectContainers(first.name)).map((c) => c.Id).sort();
    const clash = await devstack(['up', '-p', first.name], second.dir);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(`belongs to the devstack project "${first.name}" in ${first.dir}`);
    expect(clash.stderr).toContain('give this project another name with -p');
    const down = await devstack(['down', '-p', first.name], second.dir);
    expect(down.code).toBe(0);
    expect((await projectContainers(first.name)).map((c) => c.Id).sort()).toEqual(before);
  });
});
