import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project, execIn, projectContainers } from './helpers.js';
import { buildsWithBuildKit } from './engine-under-test.js';

describe('images', () => {
  const { dir, name } = project('build');
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getImage(`${name}-app`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('builds a service from its context with .dockerignore applied, streaming the build output', async () => {
    const result = await devstack(['up', '-p', name], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('built-marker: context copied');
    const listing = await execIn(`${name}-app-1`, ['cat', '/tmp/listing']);
    expect(listing).toContain('index.html');
    expect(listing).not.toContain('secret.txt');
    expect(listing).not.toContain('node_modules');
    const image = await docker.getImage(`${name}-app`).inspect();
    expect(image.Config.Labels?.['dev.devstack.project']).toBe(name);
  });

  it('shows the failing step of a broken build and exits 1', async () => {
    const dockerfile = join(dir, 'app', 'Dockerfile');
    writeFileSync(dockerfile, `${readFileSync(dockerfile, 'utf8')}RUN echo about-to-fail && exit 7\n`);
    const result = await devstack(['up', '-p', name, '--build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      buildsWithBuildKit()
        ? /Build of .*app failed at \[\d+\/\d+\] RUN echo about-to-fail && exit 7: the command exited with code 7/
        : /Build of .*app failed at STEP \d+\/\d+: RUN echo about-to-fail && exit 7: .*exit status 7/,
    );
    expect(result.stderr).toContain('| about-to-fail');
  });

  it('pulls a missing image once, with one aggregated progress figure per image', async () => {
    const ref = `127.0.0.1:5000/devstack-tests/busybox:${name}`;
    const image = docker.getImage('busybox:latest');
    await image.tag({ repo: '127.0.0.1:5000/devstack-tests/busybox', tag: name });
    execFileSync('docker', ['push', ref], { stdio: 'ignore' });
    await docker.getImage(ref).remove();

    const pulled = project('chain');
    const file = join(pulled.dir, 'devstack.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('busybox:latest', ref));
    try {
      const result = await devstack(['up', '-p', pulled.name, '--json'], pulled.dir);
      expect(result.code).toBe(0);
      const events = result.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; phase?: string; detail?: string; service?: string });
      const pulls = events.filter((e) => e.phase === 'pulling');
      expect(pulls).toHaveLength(1);
      expect(pulls[0]!.detail).toBe(ref);
      expect(
        events.some((e) => e.type === 'progress' && /^pulling \S+ \[[#.]{20}\] [\d.]+ [kMG]?B\/[\d.]+ [kMG]?B \(\d+\/\d+ layers\)$/.test(e.detail ?? '')),
      ).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'result', changed: true });
      expect((await docker.getImage(ref).inspect()).Id).toMatch(/^sha256:/);
    } finally {
      await cleanup(pulled.name);
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });
});

describe('dependencies and orphans', () => {
  const { dir, name } = project('oneshot');
  afterAll(() => cleanup(name));

  it('waits for a one-shot dependency to exit 0, and counts that as success', async () => {
    const result = await devstack(['up', '-p', name], dir);
    expect(result.code).toBe(0);
    const migrate = await docker.getContainer(`${name}-migrate-1`).inspect();
    const app = await docker.getContainer(`${name}-app-1`).inspect();
    expect(migrate.State).toMatchObject({ Status: 'exited', ExitCode: 0 });
    expect(Date.parse(app.State.StartedAt)).toBeGreaterThanOrEqual(Date.parse(migrate.State.FinishedAt));
  });

  it('reports a service removed from the file, and removes it only with --remove-orphans', async () => {
    const file = join(dir, 'devstack.yml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/ {2}extra:\n(.*\n)*$/, ''));
    const warned = await devstack(['up', '-p', name], dir);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Service extra is no longer in the stack file');
    expect((await projectContainers(name)).map((c) => c.Labels['dev.devstack.service'])).toContain('extra');
    const removed = await devstack(['up', '-p', name, '--remove-orphans'], dir);
    expect(removed.code).toBe(0);
    expect((await projectContainers(name)).map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(['app', 'migrate']);
  });
});

describe('a service that waits for another', () => {
  const { dir, name } = project('chain');
  afterAll(() => cleanup(name));

  type Event = { type: string; service?: string; phase?: string };
  const at = (events: Event[], service: string, phase: string) => events.findIndex((e) => e.type === 'service' && e.service === service && e.phase === phase);

  it('has its container created while the other starts, and started only once the other is healthy', async () => {
    const result = await devstack(['up', '-p', name, '--json'], dir);
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Event);
    expect(at(events, 'api', 'creating')).toBeGreaterThanOrEqual(0);
    expect(at(events, 'api', 'creating')).toBeLessThan(at(events, 'db', 'ready'));
    expect(at(events, 'api', 'starting')).toBeGreaterThan(at(events, 'db', 'ready'));
  });

  it('stays created when the other fails, and the next up starts that same container', async () => {
    await devstack(['down', '-p', name], dir);
    const file = join(dir, 'devstack.yml');
    const healthy = readFileSync(file, 'utf8');
    writeFileSync(file, healthy.replace('http://127.0.0.1:5432/health', 'http://127.0.0.1:5432/missing'));
    const failed = await devstack(['up', '-p', name, '--timeout', '5'], dir);
    expect(failed.code).toBe(1);
    // Which of the two a loaded engine leaves time for does not matter here; db failing does.
    expect(failed.stderr).toMatch(/Service db (did not pass its healthcheck|was not ready) before the timeout/);
    const api = await docker.getContainer(`${name}-api-1`).inspect();
    expect(api.State.Status).toBe('created');

    writeFileSync(file, healthy);
    const fixed = await devstack(['up', '-p', name], dir);
    expect(fixed.code).toBe(0);
    const after = await docker.getContainer(`${name}-api-1`).inspect();
    expect(after.Id).toBe(api.Id);
    expect(after.State.Status).toBe('running');
  });
});

describe('without an engine', () => {
  const { dir } = project('chain');

  it('says what was tried and how to fix it, fast', async () => {
    const started = Date.now();
    const result = await devstack(['status'], dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No Docker engine answered at unix:///nonexistent/docker.sock (from DOCKER_HOST)');
    expect(result.stderr).toContain('hint: Start the engine there, or unset DOCKER_HOST');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports bad config with exit 2 before any engine call (none is reachable here)', async () => {
    writeFileSync(join(dir, 'devstack.yml'), 'services:\n  api:\n    image: busybox\n    depends_on: [api2]\n');
    const result = await devstack(['up'], dir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/devstack\.yml:4:\d+ {2}services\.api\.depends_on\[0\]/);
    expect(result.stderr).not.toContain('No Docker engine');
  });
});
