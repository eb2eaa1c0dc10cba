import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { familiarName } from '../../src/engine/familiar-name.js';
import { buildsWithBuildKit, LEGACY_STEP_LINE } from './engine-under-test.js';
import { bin, cleanup, devstack, docker, execIn, project, removeProjectImages } from './helpers.js';

const { dir, name } = project('workflows');
const run = (args: string[], env: Record<string, string> = {}) => devstack([...args, '-p', name], dir, env);
/** The CLI under `script`, which gives it a pseudo-terminal; not CI, so it renders as it would for a person. */
function inTerminal(args: string[]): Promise<{ code: number | null; output: string }> {
  const { CI: _ci, ...env } = process.env;
  // A pseudo-terminal starts with 0 rows and columns, in which listr2 would draw nothing.
  const child = spawn('script', ['-qec', ['stty', 'rows', '50', 'cols', '200;', 'node', bin, ...args].join(' '), '/dev/null'], {
    cwd: dir,
    env: { ...env, NO_COLOR: '1', TERM: 'xterm' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin.end();
  return new Promise((done) => child.on('close', (code) => done({ code, output })));
}
/** A test of what BuildKit reports (its step trace, cached counts): skipped, visibly, where the engine has none. */
const itBuildKit = buildsWithBuildKit() ? it : it.skip;
const history = async (ref: string) => (await docker.getImage(ref).history()).map((layer: { CreatedBy: string }) => layer.CreatedBy).join('\n');

describe('build and modes on a two-stage Dockerfile', { timeout: 180_000 }, () => {
  afterAll(async () => {
    await cleanup(name);
    await removeProjectImages(name);
  });

  itBuildKit('builds the stage the stack names and reports size, layers, time and budget in the table', async () => {
    const result = await run(['build']);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SERVICE\s+IMAGE\s+SIZE\s+LAYERS\s+BUILD TIME\s+CACHED\s+BUDGET$/m);
    const row = new RegExp(
      `^app\\s+${name}-app \\(stage builder\\)\\s+(\\d+(?:\\.\\d)?) (kB|MB)\\s+(\\d+)\\s+\\d+\\.\\d+s\\s+(\\d+)/(\\d+)\\s+20\\.0 MB \\(\\d+%\\)$`,
      'm',
    ).exec(result.stdout);
    expect(row).not.toBeNull();
    const image = await docker.getImage(`${name}-app`).inspect();
    expect(Number(row![1]) * (row![2] === 'MB' ? 1e6 : 1e3)).toBeCloseTo(image.Size, -5);
    expect(Number(row![3])).toBe(image.RootFS.Layers!.length);
    expect(image.Config.Labels?.['dev.devstack.target']).toBe('builder');
    // The builder stage's four steps (FROM, WORKDIR, COPY, RUN), counted.
    expect(Number(row![5])).toBe(4);
    const again = await run(['build']);
    // Every step but FROM, which BuildKit reports as resolved, not cached.
    expect(again.stdout).toMatch(new RegExp(`^app\\s+${name}-app \\(stage builder\\).*\\s3/4\\s`, 'm'));
  });

  it('--target selects the stage: the final stage has no builder step in its history, the builder stage has', async () => {
    const final = await run(['build', '--mode', 'prod']);
    expect(final.code).toBe(0);
    const prod = await docker.getImage(`${name}-app:prod`).inspect();
    expect(prod.Config.Labels?.['dev.devstack.target']).toBeUndefined();
    expect(await history(`${name}-app:prod`)).not.toContain('built by the builder stage');
    // buildah's history names the copied folder by its digest, BuildKit's and the legacy builder's by its path.
    expect(await history(`${name}-app:prod`)).toMatch(buildsWithBuildKit() ? /COPY \/out\/ \/srv\// : /COPY dir:\w+ in \/srv\//);

    const staged = await run(['build', '--mode', 'prod', '--target', 'builder']);
    expect(staged.code).toBe(0);
    expect(staged.stdout).toContain(`${name}-app:prod (stage builder)`);
    expect((await docker.getImage(`${name}-app:prod`).inspect()).Config.Labels?.['dev.devstack.target']).toBe('builder');
    expect(await history(`${name}-app:prod`)).toContain('built by the builder stage');
  });

  itBuildKit('in a terminal shows one line per step, not the lines the steps print, then the table', async () => {
    const result = await inTerminal(['build', '--no-cache', '-p', name]);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/\[builder 4\/4\] RUN mkdir -p \/out.*: done \d+\.\ds/);
    expect(result.output).not.toContain('Running in');
    expect(result.output).not.toContain('Removing intermediate container');
    expect(result.output).toMatch(new RegExp(`app\\s+${name}-app \\(stage builder\\)`));
  });

  it('with --builder legacy builds through the old builder: its step lines, no cached count', async () => {
    const result = await run(['build', '--builder', 'legacy', '--no-cache']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`${LEGACY_STEP_LINE} RUN mkdir -p /out`));
    expect(result.stdout).toMatch(new RegExp(`^app\\s+${name}-app \\(stage builder\\).*s\\s+-\\s+20\\.0 MB`, 'm'));
  });

  it('a failing step under the legacy builder still names the step and its output', async () => {
    const dockerfile = join(dir, 'Dockerfile');
    const original = readFileSync(dockerfile, 'utf8');
    writeFileSync(dockerfile, original.replace('RUN mkdir -p /out', 'RUN echo about to fail && false && mkdir -p /out'));
    try {
      const result = await run(['build', '--builder', 'legacy']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('about to fail');
      expect(result.stderr).toMatch(new RegExp(`Build of app failed at ${LEGACY_STEP_LINE} RUN echo about to fail`));
    } finally {
      writeFileSync(dockerfile, original);
    }
  });

  it('fails an image over its size budget with both sizes in the message, after printing the table', async () => {
    const result = await run(['build'], { APP_BUDGET: '1MB' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/1\.0 MB \(\d{3}%, OVER\)/);
    expect(result.stderr).toMatch(new RegExp(`error: Image ${name}-app of service app is \\d+\\.\\d MB, over its size budget of 1\\.0 MB`));
  });

  it('a malformed size budget is a file:line:col error with exit 2, before any build', async () => {
    const line =
      readFileSync(join(dir, 'devstack.yml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('size_budget:')) + 1;
    const result = await run(['build'], { APP_BUDGET: 'huge' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`devstack.yml:${line}:`);
    expect(result.stderr).toContain('services.app.x-devstack.size_budget: invalid size budget "huge"');
  });

  it('a failing step exits 1 and shows the step and its output', async () => {
    const dockerfile = join(dir, 'Dockerfile');
    const original = readFileSync(dockerfile, 'utf8');
    writeFileSync(dockerfile, original.replace('RUN mkdir -p /out', 'RUN echo about to fail && false && mkdir -p /out'));
    try {
      const result = await run(['build']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('about to fail');
      expect(result.stderr).toMatch(
        buildsWithBuildKit()
          ? /Build of app failed at \[builder 4\/4\] RUN echo about to fail .*: the command exited with code 1/
          : /Build of app failed at STEP 4\/\d+: RUN echo about to fail .*: exit status 1/,
      );
    } finally {
      writeFileSync(dockerfile, original);
    }
  });

  it('up --mode prod runs the final stage read-only, with tmpfs where declared and no source mount', async () => {
    // The test before left the builder stage under the prod tag: up sees that and builds the final stage.
    const result = await run(['up', '--mode', 'prod']);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const app = await docker.getContainer(`${name}-app-1`).inspect();
    expect(app.HostConfig.ReadonlyRootfs).toBe(true);
    expect(app.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(app.Mounts.filter((m) => m.Type === 'bind')).toEqual([]);
    expect(app.Config.Labels['dev.devstack.mode']).toBe('prod');
    // Podman's inspect names it docker.io/library/NAME.
    expect(familiarName(app.Config.Image)).toBe(`${name}-app:prod`);
    const probe = await execIn(`${name}-app-1`, [
      'sh',
      '-c',
      'cat /srv/version; ls /app 2>&1; touch /srv/written 2>&1 && echo root-writable; touch /tmp/written && echo tmp-writable',
    ]);
    expect(probe).toContain('v1');
    expect(probe).toContain('ls: /app: No such file or directory');
    expect(probe).toContain('Read-only file system');
    expect(probe).not.toContain('root-writable');
    expect(probe).toContain('tmp-writable');
    const status = await run(['status']);
    expect(status.stdout).toMatch(/^app\s+running\s.*\sprod$/m);
    // The production healthcheck from the overlay, which `up` waited for (its active probe runs it at once).
    expect(app.Config.Healthcheck?.Test).toEqual(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:8080/version']);
  });

  it('switching back to dev recreates the containers in dev, with the source mounted again', async () => {
    const before = (await docker.getContainer(`${name}-app-1`).inspect()).Id;
    const result = await run(['up']);
    expect(result.code).toBe(0);
    const app = await docker.getContainer(`${name}-app-1`).inspect();
    expect(app.Id).not.toBe(before);
    expect(app.HostConfig.ReadonlyRootfs).toBe(false);
    expect(app.Mounts.some((m) => m.Type === 'bind' && m.Destination === '/app/src')).toBe(true);
    expect((await run(['status'])).stdout).toMatch(/^app\s+running\s.*\sdev$/m);
    const again = await run(['up']);
    expect(again.stderr).toContain('Nothing to do');
  });
});
