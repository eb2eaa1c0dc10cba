import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildsWithBuildKit } from './engine-under-test.js';
import { bin, cleanup, devstack, docker, project, removeProjectImages, start } from './helpers.js';

const { dir, name } = project('buildkit');
const run = (args: string[], env: Record<string, string> = {}) => devstack([...args, '-p', name], dir, env);
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const token = (what: string) => `${what}-${randomBytes(8).toString('hex')}`;

/** What `cat` prints of files inside an image, run in a throw-away container. */
async function readInImage(image: string, ...paths: string[]): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: ['cat', ...paths], Tty: true, Entrypoint: [] });
  try {
    await container.start();
    await container.wait();
    return (await container.logs({ stdout: true, stderr: true })).toString('utf8').replace(/\r/g, '');
  } finally {
    await container.remove({ force: true });
  }
}
const imageId = async (ref: string) =>
  (
    await docker
      .getImage(ref)
      .inspect()
      .catch(() => undefined)
  )?.Id;
/** Every byte of `docker save` of an image: its layers, config and history as the engine would ship them. */
const saved = (ref: string) => execFileSync('docker', ['save', ref], { maxBuffer: 1 << 30 });
const historyText = (ref: string) => execFileSync('docker', ['history', '--no-trunc', ref], { encoding: 'utf8' });

/** The CLI under `script`, a pseudo-terminal, rendered as for a person; resolves once `until` shows, for a Ctrl-C then. */
function inTerminal(args: string[], env: Record<string, string>): { child: ChildProcess; output: () => string; done: Promise<number | null> } {
  const { CI: _ci, ...rest } = process.env;
  const child = spawn('script', ['-qec', ['stty', 'rows', '50', 'cols', '200;', 'node', bin, ...args].join(' '), '/dev/null'], {
    cwd: dir,
    env: { ...rest, ...env, NO_COLOR: '1', TERM: 'xterm' },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, done: new Promise((done) => child.on('close', (code) => done(code))) };
}

describe.skipIf(!buildsWithBuildKit())('builds through BuildKit on the sandbox engine', { timeout: 600_000 }, () => {
  const npmrc = token('npmrc-secret');
  const apiToken = token('api-token');
  const env = { BK_TEST_TOKEN: apiToken };
  let agent: ChildProcess | undefined;
  const agentDir = mkdtempSync(join(tmpdir(), 'devstack-agent-'));
  const agentSocket = join(agentDir, 'agent.sock');
  const keyComment = token('devstack-test-key');

  beforeAll(async () => {
    writeFileSync(join(dir, 'npmrc.secret'), npmrc);
    // A test agent holding a fresh key, as a developer's would; its socket is all the build gets.
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', keyComment, '-f', join(agentDir, 'key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${keyComment}-file`, '-f', join(dir, 'ssh', 'id_test')]);
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(agentSocket); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', ['-q', join(agentDir, 'key')], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });
  });
  afterAll(async () => {
    agent?.kill();
    rmSync(agentDir, { recursive: true, force: true });
    await cleanup(name);
    await removeProjectImages(name);
  });

  it('cache, secret (file and environment), bind mounts and extra_hosts work, and a cache mount keeps its contents from one build to the next', async () => {
    const first = token('run');
    const one = await run(['build', 'mounts'], { ...env, RUN_ID: first });
    expect(one.stderr).not.toMatch(/^error:/m);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/\[\d\/\d\] RUN --mount=type=secret,id=npmrc .*: done \d+\.\ds/);
    const second = token('run');
    const two = await run(['build', 'mounts'], { ...env, RUN_ID: second });
    expect(two.code).toBe(0);
    const image = `${name}-mounts`;
    const file = async (path: string) => (await readInImage(image, path)).trim();
    // /seen is the cache as the second build found it: the first build's mark is there, its own is not yet.
    const seen = (await file('/seen')).split('\n');
    expect(seen).toContain(first);
    expect(seen).not.toContain(second);
    expect(await file('/npmrc.sum')).toBe(sha(npmrc));
    expect(await file('/token.sum')).toBe(sha(apiToken));
    expect(await file('/bound')).toBe('bound from the context');
    expect(await file('/hosts')).toMatch(/^10\.9\.8\.7\s+build\.test$/);
    // Steps after the changed ARG ran again; the ones before it came from the cache, and the table says so.
    expect(two.stdout).toMatch(new RegExp(`^mounts\\s+${image}\\s.*\\s[1-9]/7\\s`, 'm'));
  });

  it('the secret values appear nowhere: not in docker save, docker history, devstack output, --json events or devstack config', async () => {
    const image = `${name}-mounts`;
    const json = await run(['build', 'mounts', '--no-cache', '--json'], { ...env, RUN_ID: token('run') });
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string });
    expect(events.some((e) => e.type === 'output')).toBe(true);
    const config = await run(['config'], env);
    expect(config.code).toBe(0);
    const bytes = saved(image);
    for (const secret of [npmrc, apiToken]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(historyText(image)).not.toContain(secret);
      expect(`${json.stdout}${json.stderr}`).not.toContain(secret);
      expect(`${config.stdout}${config.stderr}`).not.toContain(secret);
    }
    // The check above can fail: the image does hold what the build derived from the secret.
    expect(bytes.includes(Buffer.from(sha(npmrc)))).toBe(true);
  });

  it('devstack up builds through BuildKit too, with the secrets, and runs the image', async () => {
    await docker
      .getImage(`${name}-mounts`)
      .remove({ force: true })
      .catch(() => undefined);
    const up = await run(['up', 'mounts'], { ...env, RUN_ID: token('run') });
    expect(up.stderr).not.toMatch(/^error:/m);
    expect(up.code).toBe(0);
    expect((await readInImage(`${name}-mounts`, '/token.sum')).trim()).toBe(sha(apiToken));
    expect((await docker.getContainer(`${name}-mounts-1`).inspect()).State.Running).toBe(true);
    await run(['down']);
  });

  it('ssh: default forwards the agent in SSH_AUTH_SOCK, id=path starts one for the key file; neither key lands in the image', async () => {
    const result = await run(['build', 'ssh', 'sshkey', '--profile', 'ssh', '--no-cache'], { ...env, SSH_AUTH_SOCK: agentSocket });
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    expect(await readInImage(`${name}-ssh`, '/keys')).toContain(keyComment);
    expect(await readInImage(`${name}-sshkey`, '/keys')).toContain(`${keyComment}-file`);
    const key = readFileSync(join(agentDir, 'key'), 'utf8').split('\n')[1]!;
    expect(saved(`${name}-ssh`).includes(Buffer.from(key))).toBe(false);
  });

  it('ssh: default without an agent is a clear error naming the stack file line, before any build', async () => {
    const { SSH_AUTH_SOCK: _sock, ...without } = process.env;
    const result = await devstack(['build', 'ssh', '--profile', 'ssh', '-p', name], dir, { ...without, ...env, SSH_AUTH_SOCK: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Build ssh default of service ssh cannot be read: SSH_AUTH_SOCK is not set.*devstack\.yml:\d+:\d+/);
  });

  it.each([
    ['node', 'hello from the node guide'],
    ['go', 'hello from the go guide'],
    ['python', 'hello from the python guide'],
  ])('a Dockerfile shaped like the %s guide builds offline with its cache mounts, and rebuilds from the cache', async (service, greeting) => {
    const result = await run(['build', service, '--profile', 'guides']);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const container = await docker.createContainer({ Image: `${name}-${service}`, Tty: true });
    try {
      await container.start();
      await container.wait();
      expect((await container.logs({ stdout: true })).toString()).toContain(greeting);
    } finally {
      await container.remove({ force: true });
    }
    const again = await run(['build', service, '--profile', 'guides']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/RUN --mount=type=cache.*: cached/);
  });

  it('a failing RUN exits 1 with the step, its own output and its exit code, and tags nothing', async () => {
    const result = await run(['build', 'failing', '--profile', 'fails']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: Build of failing failed at \[2\/2\] RUN echo about to fail; echo on stderr >&2; exit 3: the command exited with code 3/,
    );
    expect(result.stderr).toContain('| about to fail');
    expect(result.stderr).toContain('| on stderr');
    expect(result.stderr).toContain("hint: The step's command exited 3: its last output above says why");
    expect(await imageId(`${name}-failing`)).toBeUndefined();
  });

  it('a missing secret file is exit 2 naming the stack file line that declares it, and nothing is built', async () => {
    const before = await imageId(`${name}-mounts`);
    rmSync(join(dir, 'npmrc.secret'));
    try {
      const result = await run(['build', 'mounts'], { ...env, RUN_ID: token('run') });
      const line =
        readFileSync(join(dir, 'devstack.yml'), 'utf8')
          .split('\n')
          .findIndex((l) => l.startsWith('  npmrc:')) + 1;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error: Build secret npmrc of service mounts cannot be read: the file ${join(dir, 'npmrc.secret')} does not exist (declared at ${join(dir, 'devstack.yml')}:${line}:3)`,
      );
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(await imageId(`${name}-mounts`)).toBe(before);
    } finally {
      writeFileSync(join(dir, 'npmrc.secret'), npmrc);
    }
  });

  it('an unpullable # syntax= frontend is one error naming the directive line and the fix, no stack trace, nothing tagged', async () => {
    const result = await run(['build', 'failing', '--profile', 'fails'], { FAILING_DOCKERFILE: 'Dockerfile.syntax' });
    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(
      `needs the Dockerfile frontend docker/dockerfile:1.6 (the # syntax= directive at ${join(dir, 'fails', 'Dockerfile.syntax')}:1), which could not be pulled:`,
    );
    expect(result.stderr).toMatch(/hint: Remove that line to build with the engine's built-in Dockerfile frontend, or make docker\/dockerfile:1\.6 available/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(await imageId(`${name}-failing`)).toBeUndefined();
  });

  it.each([
    ['Dockerfile.link', /Unknown flag: link/],
    ['Dockerfile.heredoc', /heredocs \(RUN <<EOF\) need Dockerfile syntax 1\.4 or later/],
  ])('%s, syntax newer than the engine frontend knows, is the builder gap it is, not a Dockerfile mistake', async (file, detail) => {
    const result = await run(['build', 'failing', '--profile', 'fails'], { FAILING_DOCKERFILE: file });
    // Engine 23+ (API 1.42+) has a built-in frontend that knows this syntax: there the build is simply right.
    if (Number((await docker.version()).ApiVersion.split('.')[1]) >= 42) {
      expect(result.code, result.stderr).toBe(0);
      await docker.getImage(`${name}-failing`).remove({ force: true });
      return;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: Build of failing needs a feature the engine's built-in Dockerfile frontend does not have/);
    expect(result.stderr).toMatch(detail);
    expect(result.stderr).toContain('hint: Add `# syntax=docker/dockerfile:1` as the first line');
    expect(result.stderr).not.toContain('Fix the Dockerfile');
  });

  it('the legacy builder, forced, says plainly that RUN --mount needs BuildKit instead of blaming the Dockerfile', async () => {
    const result = await run(['build', 'node', '--profile', 'guides', '--builder', 'legacy']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: Build of node needs a feature the legacy builder does not have: .*--mount/);
    expect(result.stderr).toContain('hint: Drop `x-devstack: {builder: legacy}`');
    expect(result.stderr).not.toContain('Fix the Dockerfile');
  });

  it('the legacy builder is refused a build with secrets before anything is built: it would run the steps without them', async () => {
    const before = await imageId(`${name}-mounts`);
    const result = await run(['build', 'mounts', '--builder', 'legacy'], { ...env, RUN_ID: token('run') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: Build of mounts needs a feature the legacy builder does not have: build secrets (npmrc, api_token) reach a build only through BuildKit',
    );
    expect(result.stderr).toContain('hint: Drop `x-devstack: {builder: legacy}` from the build (or --builder legacy), or remove the secrets from the build.');
    expect(result.stderr).not.toMatch(/Step \d+\/\d+/);
    expect(await imageId(`${name}-mounts`)).toBe(before);
  });

  it('the legacy builder gets the build extra_hosts too', async () => {
    const legacy = mkdtempSync(join(tmpdir(), 'devstack-legacy-'));
    writeFileSync(join(legacy, 'Dockerfile'), 'FROM busybox:latest\nRUN grep build.test /etc/hosts > /hosts\n');
    writeFileSync(
      join(legacy, 'compose.yaml'),
      'services:\n  app:\n    build:\n      context: .\n      extra_hosts: ["build.test:10.9.8.7"]\n      x-devstack:\n        builder: legacy\n',
    );
    const result = await devstack(['build', '-p', `${name}l`], legacy);
    expect(result.code, result.stderr).toBe(0);
    try {
      expect(await readInImage(`${name}l-app`, '/hosts')).toMatch(/10\.9\.8\.7\s+build\.test/);
    } finally {
      await docker.getImage(`${name}l-app`).remove({ force: true });
    }
  });

  it('Ctrl-C in a terminal during a build cancels it: exit 130, the engine stops the step, nothing tagged', async () => {
    const build = inTerminal(['build', 'failing', '--profile', 'fails', '-p', name], { FAILING_DOCKERFILE: 'Dockerfile.slow', NONCE: token('nonce') });
    const until = Date.now() + 120_000;
    while (!/\[2\/2\] RUN echo sleeping; sleep 61/.test(build.output()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(build.output()).toMatch(/\[2\/2\] RUN echo sleeping; sleep 61/);
    await new Promise((r) => setTimeout(r, 1000));
    build.child.stdin!.write('\x03');
    const started = Date.now();
    const code = await build.done;
    // What the terminal showed, should it not have been cancelled.
    expect(code, build.output()).toBe(130);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await imageId(`${name}-failing`)).toBeUndefined();
    // The engine's build container for the step is gone too: BuildKit runs steps without engine containers, so look for its process.
    await new Promise((r) => setTimeout(r, 2000));
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8', maxBuffer: 64 << 20 })).not.toMatch(/^sleep 61$/m);
  });

  it('a second build after the cancel starts cleanly (the session was closed, no build left holding the step)', async () => {
    const quick = start(['build', 'failing', '--profile', 'fails', '-p', name], dir, { FAILING_DOCKERFILE: 'Dockerfile.exit' });
    const result = await quick.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exited with code 3');
  });
});

/** Podman builds with buildah: what of the above it does, and the plain refusal of what it cannot. */
describe.runIf(!buildsWithBuildKit())('the same Dockerfiles on an engine without BuildKit (Podman)', { timeout: 600_000 }, () => {
  beforeAll(() => writeFileSync(join(dir, 'npmrc.secret'), token('npmrc-secret')));
  afterAll(async () => {
    await cleanup(name);
    await removeProjectImages(name);
  });

  it('a build with secrets is refused before anything is built, naming BuildKit and the fix', async () => {
    const result = await run(['build', 'mounts'], { BK_TEST_TOKEN: token('api-token'), RUN_ID: token('run') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: Build of mounts needs a feature the legacy builder does not have: build secrets (npmrc, api_token) reach a build only through BuildKit',
    );
    expect(result.stderr).toMatch(/hint: Build on an engine with BuildKit .*, or remove the secrets from the build\./);
    expect(result.stderr).not.toMatch(/STEP \d+\/\d+/);
    expect(await imageId(`${name}-mounts`)).toBeUndefined();
  });

  it('a Dockerfile shaped like the node guide builds with its cache mounts, saying whose builder ran it', async () => {
    const first = await run(['build', 'node']);
    expect(first.stderr).not.toMatch(/^error:/m);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Podman \S+ builds with buildah, not BuildKit: RUN --mount of caches and binds works, build secrets and ssh do not/);
    expect(first.stderr).toMatch(/STEP \d+\/\d+: RUN --mount=type=cache/);
    expect(await imageId(`${name}-node`)).toBeDefined();
  });

  it('a failing RUN exits 1 with the step, its own output and the exit status buildah gives', async () => {
    const result = await run(['build', 'failing']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Build of failing failed at STEP \d+\/\d+: RUN echo about to fail; echo on stderr >&2; exit 3: .*exit status 3/);
    expect(result.stderr).toContain('| about to fail');
    expect(result.stderr).toMatch(/hint: The step's command exited 3/);
  });
});
