import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsWithBuildKit } from './engine-under-test.js';
import { bin, cleanup, devstack, docker, execIn, project, projectContainers, start, waitFor, type CliResult, type Running } from './helpers.js';

interface Event {
  type: string;
  service?: string;
  action?: string;
  ok?: boolean;
  files?: number;
  deleted?: number;
  detail?: string;
  output?: string[];
  message?: string;
}

/** Runs `devstack watch --json` (or another command given whole) and keeps its events as they come. */
function watching(args: string[], cwd: string, spawn: (args: string[], cwd: string) => Running = start, command = ['watch', ...args, '--json']) {
  const run = spawn(command, cwd);
  const events: Event[] = [];
  let buffered = '';
  run.child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as Event);
  });
  const actions = (service: string) => events.filter((e) => e.type === 'action' && e.service === service);
  /** Waits for the service's next action event after `seen` of them, and returns it. */
  const next = async (service: string, seen: number, ms = 60_000) => {
    await waitFor(() => actions(service).length > seen || run.child.exitCode !== null, ms);
    expect(run.child.exitCode, run.stderr()).toBeNull();
    return actions(service)[seen]!;
  };
  return { run, events, actions, next };
}

async function httpGet(container: string, path: string): Promise<{ status: number; body: string }> {
  const info = await docker.getContainer(container).inspect();
  const port = info.NetworkSettings.Ports['8080/tcp']![0]!.HostPort;
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.text()).trim() };
}

/** Owner of a path in a container, from the engine's archive API (works without any program in the image). */
async function ownerOf(container: string, path: string): Promise<string> {
  const stream = await docker.getContainer(container).getArchive({ path });
  const extract = tar.extract();
  stream.pipe(extract);
  for await (const entry of extract) {
    const owner = `${entry.header.uid}:${entry.header.gid}`;
    entry.resume();
    stream.unpipe(extract);
    return owner;
  }
  return '';
}

describe('devstack watch on five services, one per action', () => {
  const { dir, name } = project('watch');
  const at = (path: string) => join(dir, path);
  let w: ReturnType<typeof watching>;

  beforeAll(async () => {
    w = watching(['-p', name], dir);
    await waitFor(() => w.events.filter((e) => e.type === 'watching').length === 5 || w.run.child.exitCode !== null, 150_000);
    expect(w.run.child.exitCode, w.run.stderr()).toBeNull();
  });
  afterAll(async () => {
    if (w.run.child.exitCode === null) w.run.child.kill('SIGINT');
    await w.run.done;
    await cleanup(name);
  });

  it('sync: creates, modifies, deletes and renames files in nested folders, owned by the container user', async () => {
    const box = `${name}-box-1`;
    writeFileSync(at('src/two.txt'), 'two');
    mkdirSync(at('src/a/b'), { recursive: true });
    writeFileSync(at('src/a/b/c.txt'), 'c');
    const created = await w.next('box', 0);
    expect(created).toMatchObject({ action: 'sync', ok: true, files: 4 });
    expect(await execIn(box, ['cat', '/app/two.txt', '/app/a/b/c.txt'])).toBe('twoc');
    expect(await execIn(box, ['stat', '-c', '%u:%g', '/app/a/b/c.txt', '/app/a/b'])).toBe('1000:1000\n1000:1000');

    writeFileSync(at('src/two.txt'), 'two, edited');
    rmSync(at('src/one.txt'));
    renameSync(at('src/nested'), at('src/moved'));
    const changed = await w.next('box', 1);
    expect(changed).toMatchObject({ ok: true, deleted: 2 });
    expect(await execIn(box, ['cat', '/app/two.txt'])).toBe('two, edited');
    expect(await execIn(box, ['cat', '/app/moved/deep.txt'])).toBe('deep');
    expect(await execIn(box, ['ls', '/app'])).toBe('a\nmoved\ntwo.txt');
  });

  it('sync into a distroless-style image: no shell, no rm, files deleted all the same', async () => {
    const distroless = `${name}-distroless-1`;
    const noShell = await execIn(distroless, ['sh', '-c', 'true']).catch((error: Error) => error.message);
    expect(noShell).toMatch(/executable file not found|no such file/i);
    mkdirSync(at('distroless/site/docs'));
    writeFileSync(at('distroless/site/docs/new.html'), 'new page');
    writeFileSync(at('distroless/site/index.html'), 'second');
    // Under load the watcher may find the file in the new folder after the quiet period: the three changes
    // then come as two syncs. What counts is that all three land, each sync succeeding.
    await w.next('distroless', 0);
    await waitFor(() => w.actions('distroless').reduce((sum, e) => sum + (e.files ?? 0), 0) >= 3, 30_000);
    const created = w.actions('distroless');
    expect(created.every((e) => e.ok)).toBe(true);
    expect(created.reduce((sum, e) => sum + (e.files ?? 0), 0)).toBe(3);
    expect(await httpGet(distroless, '/docs/new.html')).toEqual({ status: 200, body: 'new page' });
    expect(await httpGet(distroless, '/index.html')).toEqual({ status: 200, body: 'second' });
    expect(await ownerOf(distroless, '/srv/docs/new.html')).toBe('65532:65532');

    rmSync(at('distroless/site/index.html'));
    rmSync(at('distroless/site/docs'), { recursive: true });
    expect(await w.next('distroless', created.length)).toMatchObject({ ok: true, deleted: 2 });
    expect((await httpGet(distroless, '/index.html')).status).toBe(404);
    expect((await httpGet(distroless, '/docs/new.html')).status).toBe(404);
  });

  it('rebuild: a change to the build context gives a new image and a new container that passes its healthcheck; only dependents that ask are restarted', async () => {
    const before = await docker.getContainer(`${name}-app-1`).inspect();
    const started = async (service: string) => (await docker.getContainer(`${name}-${service}-1`).inspect()).State.StartedAt;
    const [follower, bystander] = [await started('follower'), await started('bystander')];
    writeFileSync(at('app/index.html'), 'v2');
    expect(await w.next('app', 0)).toMatchObject({ action: 'rebuild', ok: true, files: 1, detail: 'restarted follower' });
    expect(await started('follower')).not.toBe(follower);
    expect(await started('bystander')).toBe(bystander);
    const after = await docker.getContainer(`${name}-app-1`).inspect();
    expect(after.Id).not.toBe(before.Id);
    expect(after.Image).not.toBe(before.Image);
    expect(after.State.Running).toBe(true);
    expect(await execIn(`${name}-app-1`, ['sh', '-c', 'wget -qO- http://127.0.0.1:8080/index.html && echo " passed"'])).toBe('v2 passed');
    expect(await httpGet(`${name}-app-1`, '/index.html')).toEqual({ status: 200, body: 'v2' });
  });

  it('rebuild: a broken Dockerfile leaves the old container serving and reports the build error; a fix recovers', async () => {
    const serving = await docker.getContainer(`${name}-app-1`).inspect();
    const seen = w.actions('app').length;
    appendFileSync(at('app/Dockerfile'), 'RUN echo about to fail && exit 3\n');
    const failed = await w.next('app', seen);
    expect(failed).toMatchObject({ action: 'rebuild', ok: false });
    expect(failed.detail).toMatch(
      buildsWithBuildKit()
        ? /RUN echo about to fail && exit 3: the command exited with code 3/
        : /RUN echo about to fail && exit 3": while running runtime: exit status 3/,
    );
    expect(failed.output?.join('\n')).toContain('about to fail');
    const still = await docker.getContainer(`${name}-app-1`).inspect();
    expect(still.Id).toBe(serving.Id);
    expect(still.State.Running).toBe(true);
    expect(await httpGet(`${name}-app-1`, '/index.html')).toEqual({ status: 200, body: 'v2' });

    writeFileSync(at('app/Dockerfile'), 'FROM busybox:latest\nCOPY . /app\n');
    writeFileSync(at('app/index.html'), 'v3');
    expect(await w.next('app', seen + 1)).toMatchObject({ action: 'rebuild', ok: true });
    expect(await httpGet(`${name}-app-1`, '/index.html')).toEqual({ status: 200, body: 'v3' });
  });

  it('sync+restart and sync+exec run their step once per batch; initial_sync copies the tree at start', async () => {
    expect(w.actions('runner')[0]).toMatchObject({ action: 'sync', ok: true, files: 1, detail: 'initial sync' });
    expect(await execIn(`${name}-runner-1`, ['cat', '/etc/app/app.ini'])).toBe('a=1');
    for (let i = 0; i < 6; i += 1) writeFileSync(at(`conf/part${i}.ini`), `p=${i}`);
    expect(await w.next('restarter', 0)).toMatchObject({ action: 'sync+restart', ok: true, files: 6 });
    expect(await w.next('runner', 1)).toMatchObject({ action: 'sync+exec', ok: true, files: 6 });
    expect((await execIn(`${name}-restarter-1`, ['cat', '/starts'])).split('\n')).toHaveLength(2);
    expect(await execIn(`${name}-restarter-1`, ['ls', '/etc/app'])).toContain('part5.ini');
    // The exec ran once, after all seven files were there.
    expect(await execIn(`${name}-runner-1`, ['cat', '/execs'])).toBe('7');

    rmSync(at('conf/part0.ini'));
    expect(await w.next('runner', 2)).toMatchObject({ ok: true, deleted: 1 });
    await w.next('restarter', 1);
    expect(await execIn(`${name}-runner-1`, ['cat', '/execs'])).toBe('7\n6');
    expect((await execIn(`${name}-restarter-1`, ['cat', '/starts'])).split('\n')).toHaveLength(3);
  });

  it('resyncs a container another command replaced, and keeps syncing to it', async () => {
    const old = (await docker.getContainer(`${name}-box-1`).inspect()).Id;
    let seen = w.actions('box').length;
    const recreated = await devstack(['up', 'box', '--force-recreate', '-p', name], dir);
    expect(recreated.code, recreated.stderr).toBe(0);
    expect((await docker.getContainer(`${name}-box-1`).inspect()).Id).not.toBe(old);
    // Without a single edit, the new container gets what was synced into the old one.
    expect(await w.next('box', seen)).toMatchObject({ action: 'sync', ok: true, detail: expect.stringMatching(/^resync: the container was replaced/) });
    expect(await execIn(`${name}-box-1`, ['cat', '/app/two.txt', '/app/moved/deep.txt'])).toBe('two, editeddeep');
    seen = w.actions('box').length;
    writeFileSync(at('src/after-recreate.txt'), 'still synced');
    expect(await w.next('box', seen)).toMatchObject({ ok: true });
    expect(await execIn(`${name}-box-1`, ['cat', '/app/after-recreate.txt'])).toBe('still synced');
  });

  it('ignored paths (node_modules, .dockerignore entries, ignore: patterns) trigger nothing', async () => {
    const counts = () => ['box', 'app'].map((s) => w.actions(s).length);
    const before = counts();
    mkdirSync(at('app/node_modules/pkg'), { recursive: true });
    writeFileSync(at('app/node_modules/pkg/index.js'), 'x');
    writeFileSync(at('app/notes.txt'), 'in .dockerignore');
    writeFileSync(at('src/scratch.tmp'), 'ignore: *.tmp');
    mkdirSync(at('src/node_modules'));
    writeFileSync(at('src/node_modules/dep.js'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(counts()).toEqual(before);
    expect(await execIn(`${name}-box-1`, ['ls', '/app'])).not.toMatch(/scratch|node_modules/);
  });

  it('says once that an edited stack file is not applied until the watch restarts', async () => {
    appendFileSync(at('devstack.yml'), '# edited\n');
    await waitFor(() => w.events.some((e) => e.type === 'warning'), 10_000);
    appendFileSync(at('devstack.yml'), '# edited again\n');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const warnings = w.events.filter((e) => e.type === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/^devstack\.yml changed: this watch keeps the rules and services it started with/);
  });

  it('Ctrl-C stops the watch, removes its helper containers and leaves the stack running', async () => {
    w.run.child.kill('SIGINT');
    const result = await w.run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/The stack keeps running as it is/);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(w.events.at(-2)).toMatchObject({ type: 'stopped' });
    expect(w.events.at(-1)).toEqual({ type: 'result', ok: true, project: name, interrupted: true, exitCode: 130 });
    const left = await projectContainers(name);
    expect(left.map((c) => c.Labels['dev.devstack.service'] ?? c.Names[0]).sort()).toEqual([
      'app',
      'box',
      'bystander',
      'distroless',
      'follower',
      'restarter',
      'runner',
    ]);
    expect(left.every((c) => c.State === 'running')).toBe(true);
  });
});

describe('devstack watch when the kernel has no inotify watches left', () => {
  const { dir, name } = project('watch');
  afterAll(() => cleanup(name));

  it('falls back to polling for that tree with one warning, and still syncs', async () => {
    // A user namespace of its own lets the test lower the inotify limit for this one process.
    const unshared = (args: string[], cwd: string): Running => {
      const child = spawn('unshare', ['-Ur', 'sh', '-c', `echo 1 > /proc/sys/user/max_inotify_watches && exec "${process.execPath}" "$0" "$@"`, bin, ...args], {
        cwd,
        env: { ...process.env, CI: '1', NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout: '', stderr })));
      return { child, stderr: () => stderr, done };
    };
    const w = watching(['box', '-p', name], dir, unshared);
    try {
      await waitFor(() => w.events.some((e) => e.type === 'watching') || w.run.child.exitCode !== null, 120_000);
      expect(w.run.child.exitCode, w.run.stderr()).toBeNull();
      const warnings = w.events.filter((e) => e.type === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/ran out of inotify watches \(ENOSPC\) watching src; polling it/);
      expect(w.events.find((e) => e.type === 'watching')).toMatchObject({ polling: true });
      writeFileSync(join(dir, 'src/nested/polled.txt'), 'polled');
      expect(await w.next('box', 0, 30_000)).toMatchObject({ ok: true });
      expect(await execIn(`${name}-box-1`, ['cat', '/app/nested/polled.txt'])).toBe('polled');
    } finally {
      w.run.child.kill('SIGINT');
      await w.run.done;
    }
  });
});

describe('devstack watch interrupted during a rebuild', () => {
  const { dir, name } = project('watch');
  afterAll(() => cleanup(name));

  it('Ctrl-C cancels the build on the engine and exits at once, leaving the old container', async () => {
    const w = watching(['app', '-p', name], dir);
    try {
      await waitFor(() => w.events.some((e) => e.type === 'watching') || w.run.child.exitCode !== null, 150_000);
      const serving = (await docker.getContainer(`${name}-app-1`).inspect()).Id;
      writeFileSync(join(dir, 'app/Dockerfile'), `FROM busybox:latest\nCOPY . /app\nRUN sleep 67 && echo ${name}\n`);
      // BuildKit runs a step as a process of its own, not as an engine container: look for the step's shell.
      const building = async () =>
        execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8', maxBuffer: 64 << 20 })
          .split('\n')
          .filter((line) => line.includes(`sleep 67 && echo ${name}`));
      const until = Date.now() + 60_000;
      while ((await building()).length === 0) {
        if (Date.now() > until) throw new Error(`the build never reached its RUN step:\n${w.run.stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const interrupted = Date.now();
      w.run.child.kill('SIGINT');
      expect((await w.run.done).code).toBe(130);
      expect(Date.now() - interrupted).toBeLessThan(10_000);
      // Podman (4.3) has no build cancel and its builder runs the step on after the connection is gone:
      // the README's engine table says so. Everywhere else the engine stops the step.
      if (buildsWithBuildKit()) {
        const end = Date.now() + 10_000;
        while ((await building()).length > 0 && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await building()).toEqual([]);
      }
      expect((await docker.getContainer(`${name}-app-1`).inspect()).Id).toBe(serving);
      expect(w.events.filter((e) => e.type === 'action' && e.ok === false)).toEqual([]);
    } finally {
      if (w.run.child.exitCode === null) w.run.child.kill('SIGKILL');
    }
  });
});

describe('devstack up --watch', () => {
  const { dir, name } = project('watch');
  afterAll(() => cleanup(name));

  it('brings the service up, then syncs its edits until Ctrl-C', async () => {
    const w = watching([], dir, start, ['up', 'box', '--watch', '-p', name, '--json']);
    try {
      await waitFor(() => w.events.some((e) => e.type === 'watching') || w.run.child.exitCode !== null, 150_000);
      expect(w.events.find((e) => e.type === 'result')).toMatchObject({ changed: true });
      writeFileSync(join(dir, 'src/from-up.txt'), 'up --watch');
      expect(await w.next('box', 0)).toMatchObject({ action: 'sync', ok: true, files: 1 });
      expect(await execIn(`${name}-box-1`, ['cat', '/app/from-up.txt'])).toBe('up --watch');
    } finally {
      w.run.child.kill('SIGINT');
      expect((await w.run.done).code).toBe(130);
    }
  });
});
