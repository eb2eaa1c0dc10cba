import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, execIn, project, projectContainers, removeProjectImages } from './helpers.js';

const { dir, name } = project('workflows');
/** `-p` right after the command word: anything after `--` belongs to the test command. */
const run = ([command, ...rest]: string[]) => devstack([command!, '-p', name, ...rest], dir);

/** Everything on the engine whose project label starts with the name: the project and any throwaway copy of it. */
async function labelledLike(prefix: string): Promise<string[]> {
  const mine = (labels: Record<string, string> | undefined) => (labels?.['dev.devstack.project'] ?? '').startsWith(prefix);
  const containers = (await docker.listContainers({ all: true })).filter((c) => mine(c.Labels)).map((c) => `container ${c.Names[0]!.slice(1)}`);
  const networks = (await docker.listNetworks()).filter((n) => mine(n.Labels)).map((n) => `network ${n.Name}`);
  const volumes = ((await docker.listVolumes()).Volumes ?? []).filter((v) => mine(v.Labels)).map((v) => `volume ${v.Name}`);
  return [...containers, ...networks, ...volumes].sort();
}

describe('devstack test', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    expect((await run(['up'])).code).toBe(0);
    await execIn(`${name}-app-1`, ['sh', '-c', 'echo precious > /data/dev-file']);
  });
  afterAll(async () => {
    await cleanup(name);
    await removeProjectImages(name);
  });

  it("runs the service's x-devstack.test on the stack's network (it reaches db) and exits 0 when it passes", async () => {
    const result = await run(['test']);
    expect(result.stderr).toContain('Running tests in app: sh -c');
    expect(result.stderr).toContain('Tests passed.');
    expect(result.code).toBe(0);
  });

  it("exits with the command's exit code when it fails, streams its output, and removes its container", async () => {
    const result = await run(['test', '--', 'sh', '-c', 'echo one test failed; exit 1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('one test failed');
    const other = await run(['test', 'db', '--', 'sh', '-c', 'exit 3']);
    expect(other.code).toBe(3);
    const left = (await projectContainers(name)).filter((c) => c.Labels['dev.devstack.one-off']);
    expect(left).toEqual([]);
  });

  it("--fresh runs in a throwaway project, leaves the developer's volume as it was, and removes the throwaway", async () => {
    const before = await labelledLike(name);
    const result = await run([
      'test',
      '--fresh',
      '--',
      'sh',
      '-c',
      'test ! -e /data/dev-file && echo overwritten > /data/dev-file && wget -q -O - http://db:8080/',
    ]);
    expect(result.stderr).toMatch(new RegExp(`throwaway copy of the stack, ${name}-test-[0-9a-f]{6}`));
    expect(result.stdout).toContain('hello');
    expect(result.code).toBe(0);
    expect(await execIn(`${name}-app-1`, ['cat', '/data/dev-file'])).toBe('precious');
    expect(await labelledLike(name)).toEqual(before);
  });

  it('--fresh removes its throwaway project when the tests fail too', async () => {
    const before = await labelledLike(name);
    const result = await run(['test', '--fresh', '--', 'false']);
    expect(result.code).toBe(1);
    expect(await labelledLike(name)).toEqual(before);
  });

  it('a service without a test command is a usage error naming the fix', async () => {
    const result = await run(['test', 'db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Service db has no test command');
    expect(result.stderr).toContain('x-devstack');
  });
});

describe('devstack clean', { timeout: 180_000 }, () => {
  const own = project('workflows');
  const canary = `${own.name}-canary`;
  const ours = ([command, ...rest]: string[]) => devstack([command!, '-p', own.name, ...rest], own.dir);
  const canaryLabels = { 'dev.devstack.project': canary, 'dev.devstack.project-dir': '/elsewhere' };
  let canaryImage = '';

  beforeAll(async () => {
    // Leftovers of this project: a stopped stack, and an image a rebuild left untagged.
    expect((await ours(['up'])).code).toBe(0);
    expect((await ours(['build', '--no-cache'])).code).toBe(0);
    expect((await ours(['stop'])).code).toBe(0);
    // Another project's objects, stopped and unused too: clean must not touch any of them.
    const build = await docker.buildImage(
      { context: own.dir, src: ['Dockerfile', 'src'] },
      { t: `${canary}-img`, labels: canaryLabels, target: 'builder', nocache: true },
    );
    await new Promise((resolve, reject) => docker.modem.followProgress(build, (error) => (error ? reject(error) : resolve(undefined))));
    canaryImage = (await docker.getImage(`${canary}-img`).inspect()).Id;
    await docker.createVolume({ Name: `${canary}_data`, Labels: canaryLabels });
    await docker.createContainer({ name: `${canary}-app-1`, Image: 'busybox:latest', Labels: canaryLabels, Cmd: ['true'] });
  });
  afterAll(async () => {
    await cleanup(own.name);
    await cleanup(canary);
    await removeProjectImages(own.name);
    await removeProjectImages(canary);
  });

  it('without a terminal and without --yes, lists what it would remove with sizes, refuses with exit 2 and removes nothing', async () => {
    const result = await ours(['clean', '--images', '--volumes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`container\\s+${own.name}-app-1\\s+\\d+(\\.\\d)? (B|kB)`));
    expect(result.stderr).toMatch(/image\s+<untagged> [0-9a-f]{12}\s+\d+\.\d MB\s+left untagged by a rebuild/);
    expect(result.stderr).toMatch(new RegExp(`volume\\s+${own.name}_data\\s+\\d+`));
    expect(result.stderr).toContain('--yes');
    expect((await projectContainers(own.name)).length).toBe(2);
  });

  it("removes this project's leftovers and leaves another project's image, container and volume untouched", async () => {
    const result = await ours(['clean', '--images', '--volumes', '--yes']);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    expect(await projectContainers(own.name)).toEqual([]);
    expect(await docker.listImages({ all: true, filters: { label: [`dev.devstack.project=${own.name}`] } })).toEqual([]);
    expect(((await docker.listVolumes({ filters: { label: [`dev.devstack.project=${own.name}`] } })).Volumes ?? []).length).toBe(0);
    expect(await docker.listNetworks({ filters: { label: [`dev.devstack.project=${own.name}`] } })).toEqual([]);

    expect((await docker.getImage(`${canary}-img`).inspect()).Id).toBe(canaryImage);
    expect((await docker.getContainer(`${canary}-app-1`).inspect()).Config.Labels['dev.devstack.project']).toBe(canary);
    expect((await docker.getVolume(`${canary}_data`).inspect()).Labels['dev.devstack.project']).toBe(canary);

    const again = await ours(['clean', '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Nothing to clean');
    expect(JSON.parse(again.stdout)).toEqual({ type: 'result', ok: true, project: own.name, removed: [], kept: [] });
  });
});
