import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClock } from '../../../src/doctor/checks/clock.js';
import { checkDockerfiles } from '../../../src/doctor/checks/dockerfiles.js';
import { checkDotenvFile } from '../../../src/doctor/checks/dotenv-file.js';
import { checkEngine } from '../../../src/doctor/checks/engine.js';
import { checkEnvExample } from '../../../src/doctor/checks/env-example.js';
import { checkInotify } from '../../../src/doctor/checks/inotify.js';
import { checkMemory } from '../../../src/doctor/checks/memory.js';
import { checkRootlessPorts } from '../../../src/doctor/checks/rootless-ports.js';
import { checkSocket, type SocketProbe } from '../../../src/doctor/checks/socket.js';
import { checkVariables } from '../../../src/doctor/checks/variables.js';
import type { DoctorInputs } from '../../../src/doctor/inputs.js';
import type { Engine, EngineSystem } from '../../../src/engine/types.js';
import { ConfigError, EngineUnavailableError } from '../../../src/errors.js';
import { service, stack } from '../support/stack.js';
import { fakeProc } from './fake-proc.js';

const GIB = 1024 ** 3;
const system: EngineSystem = {
  rootDir: '/var/lib/docker',
  memTotalBytes: 8 * GIB,
  cpus: 4,
  systemTime: '2026-01-01T00:00:00.000Z',
  rootless: false,
  product: 'Engine',
};

function inputs(fields: Partial<DoctorInputs>): DoctorInputs {
  return {
    projectDir: '/nowhere',
    env: {},
    endpoint: { url: 'unix:///var/run/docker.sock', source: 'the default socket' },
    procRoot: '/proc',
    now: Date.now,
    ...fields,
  };
}

function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'devstack-doctor-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('engine check', () => {
  const info = { endpoint: 'unix:///var/run/docker.sock', serverVersion: '20.10.24', apiVersion: '1.41', os: 'linux' };
  const engine = {} as Engine;

  it('says which engine answered, its versions, and where it was found', () => {
    expect(checkEngine(inputs({ engine }), info, system)).toEqual([
      { check: 'engine', status: 'ok', message: 'Docker 20.10.24 (API 1.41, linux) at unix:///var/run/docker.sock (from the default socket)' },
    ]);
  });

  it('names Podman and rootless engines, from the engine or from the socket path', () => {
    const podman = inputs({ engine, endpoint: { url: 'unix:///run/user/1000/podman/podman.sock', source: 'DOCKER_HOST' } });
    expect(checkEngine(podman, { ...info, serverVersion: '5.2.0' }, { ...system, product: 'Podman Engine', rootless: true })[0]!.message).toBe(
      'Podman 5.2.0 (API 1.41, linux, rootless) at unix:///run/user/1000/podman/podman.sock (from DOCKER_HOST)',
    );
    expect(checkEngine(inputs({ engine }), info, { ...system, rootless: true })[0]!.message).toContain('(API 1.41, linux, rootless)');
  });

  it("says plainly what Podman's API does differently, and that a remote engine's mounts and ports are its own", () => {
    const podman = inputs({ engine, endpoint: { url: 'unix:///run/podman/podman.sock', source: 'DOCKER_HOST' } });
    const outcomes = checkEngine(podman, info, { ...system, product: 'Podman Engine' });
    expect(outcomes[1]).toMatchObject({ status: 'warn', message: expect.stringContaining('healthchecks from systemd timers') });
    expect(outcomes[1]!.message).toMatch(/buildah, not BuildKit \(build secrets and ssh are refused.*log times are to the second/);
    const remote = inputs({ engine, endpoint: { url: 'tcp://box:2376', source: 'DOCKER_HOST', remote: true } });
    expect(checkEngine(remote, info, system)[1]!.message).toContain('bind mounts name its folders');
  });

  it('fails with the connection error and its fix when no engine answered', () => {
    const engineError = new EngineUnavailableError(
      'unix:///var/run/docker.sock (from the default socket)',
      'ENOENT: connect ENOENT /var/run/docker.sock',
      'Start Docker.',
    );
    expect(checkEngine(inputs({ engineError }))).toEqual([
      {
        check: 'engine',
        status: 'fail',
        message: 'No Docker engine answered at unix:///var/run/docker.sock (from the default socket): ENOENT: connect ENOENT /var/run/docker.sock',
        fix: 'Start Docker.',
      },
    ]);
  });
});

describe('socket permission check', () => {
  const probe = (over: Partial<SocketProbe>): SocketProbe => ({
    stat: async () => ({ uid: 0, gid: 998 }),
    access: async () => undefined,
    groupFile: async () => 'root:x:0:\ndocker:x:998:alice\n',
    groups: () => [1000],
    username: () => 'bob',
    ...over,
  });
  const denied = async () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));

  it('is fine when the socket may be used, naming its group', async () => {
    expect(await checkSocket('unix:///var/run/docker.sock', probe({}))).toEqual([
      { check: 'socket', status: 'ok', message: 'you may use /var/run/docker.sock (group docker)' },
    ]);
  });

  it('tells a user outside the group to join it', async () => {
    expect(await checkSocket('unix:///var/run/docker.sock', probe({ access: denied }))).toEqual([
      {
        check: 'socket',
        status: 'fail',
        message: 'permission denied on /var/run/docker.sock: bob is not in its group docker',
        fix: 'run `sudo usermod -aG docker bob`, then log out and in again; or use rootless Docker (its socket is yours)',
      },
    ]);
  });

  it('tells a user who joined the group after logging in to log in again', async () => {
    const outcome = (await checkSocket('unix:///var/run/docker.sock', probe({ access: denied, username: () => 'alice' })))[0]!;
    expect(outcome.message).toBe('/var/run/docker.sock needs group docker: alice was added to it after this session began');
    expect(outcome.fix).toContain('newgrp docker');
  });

  it('says nothing for a missing socket or a remote engine: the engine check covers them', async () => {
    expect(await checkSocket('unix:///nope.sock', probe({ stat: async () => Promise.reject(new Error('ENOENT')) }))).toEqual([]);
    expect(await checkSocket('ssh://me@host', probe({}))).toEqual([]);
  });
});

describe('variables check', () => {
  it('names a required variable that is not set, where the stack asks for it', () => {
    const configError = new ConfigError([
      {
        file: '/p/devstack.yml',
        line: 6,
        column: 20,
        path: 'services.web.environment.DB_PASSWORD',
        message: 'set it in .env',
        hint: 'set DB_PASSWORD in the environment or .env',
      },
    ]);
    expect(checkVariables(inputs({ configError }))).toEqual([
      {
        check: 'variables',
        status: 'fail',
        message: 'DB_PASSWORD is not set (/p/devstack.yml:6:20 services.web.environment.DB_PASSWORD: set it in .env)',
        fix: 'set DB_PASSWORD in the environment or .env',
      },
    ]);
  });

  it('reports other problems of the stack file as config failures', () => {
    const configError = new ConfigError([
      { file: '/p/devstack.yml', line: 3, column: 5, path: 'services.web', message: 'unknown key "imgae"', hint: 'did you mean image?' },
    ]);
    expect(checkVariables(inputs({ configError }))[0]).toMatchObject({
      check: 'config',
      status: 'fail',
      message: '/p/devstack.yml:3:5 services.web: unknown key "imgae"',
    });
    expect(checkVariables(inputs({ stack: stack([service('a')]) }))[0]).toMatchObject({ check: 'config', status: 'ok' });
  });
});

describe('.env checks', () => {
  const gitAvailable = (() => {
    try {
      execFileSync('git', ['--version']);
      return true;
    } catch {
      return false;
    }
  })();

  it('fails when git tracks .env, and warns when every user may read it', async () => {
    expect(gitAvailable).toBe(true);
    const dir = tempDir({ '.env': 'TOKEN=x\n' });
    chmodSync(join(dir, '.env'), 0o644);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    execFileSync('git', ['add', '.env'], { cwd: dir });
    const outcomes = await checkDotenvFile(inputs({ projectDir: dir }));
    expect(outcomes.map((o) => [o.status, o.message])).toEqual([
      ['fail', '.env is tracked by git, so its secrets are in the history'],
      ['warn', '.env is readable by every user (mode 644)'],
    ]);
  });

  it('is fine with an untracked .env only its owner reads', async () => {
    const dir = tempDir({ '.env': 'TOKEN=x\n' });
    chmodSync(join(dir, '.env'), 0o600);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    expect(await checkDotenvFile(inputs({ projectDir: dir }))).toEqual([{ check: 'dotenv', status: 'ok', message: '.env is untracked and private to you' }]);
  });

  it('names the keys of .env.example that .env lacks, unless the environment sets them', async () => {
    const dir = tempDir({ '.env.example': 'A=\nB=\nC=\n', '.env': 'A=1\n' });
    expect(await checkEnvExample(inputs({ projectDir: dir, env: { C: 'set' } }))).toEqual([
      { check: 'env-example', status: 'warn', message: '.env lacks a key that .env.example lists: B', fix: 'add B= to .env (see .env.example)' },
    ]);
    expect((await checkEnvExample(inputs({ projectDir: tempDir({ '.env.example': 'A=\n' }) })))[0]).toMatchObject({
      status: 'warn',
      message: 'there is a .env.example but no .env',
    });
  });
});

describe('inotify check', () => {
  function watchedTree(folders: number): string {
    const dir = tempDir();
    for (let i = 0; i < folders; i++) mkdirSync(join(dir, 'src', `d${i}`), { recursive: true });
    // Never watched: dependencies and VCS data.
    mkdirSync(join(dir, 'src', 'node_modules', 'x'), { recursive: true });
    return dir;
  }
  const watching = (dir: string) =>
    stack(
      [
        service('app', {
          watch: [
            {
              path: join(dir, 'src'),
              action: 'sync',
              target: '/app',
              ignore: [],
              initialSync: false,
              at: { file: join(dir, 'devstack.yml'), line: 5, column: 11 },
            },
          ],
        }),
      ],
      { projectDir: dir },
    );

  it('counts the folders the watch rules cover against what is left of the limit', async () => {
    const dir = watchedTree(3);
    // src and its three folders: 4 watches needed; 100 - 10 used by an editor = 90 free.
    const proc = fakeProc({
      maxUserWatches: 100,
      processes: [
        {
          pid: process.pid,
          argv: ['code'],
          fds: { 9: 'anon_inode:inotify' },
          fdinfo: { 9: 'pos:\t0\n'.concat('inotify wd:1 ino:2 sdev:3 mask:4 ignored_mask:0\n'.repeat(10)) },
        },
      ],
    });
    expect(await checkInotify(watching(dir), proc)).toEqual([
      { check: 'inotify', status: 'ok', message: 'watch rules cover 4 folders; 90 of the limit of 100 watches are free (your other programs hold 10)' },
    ]);
  });

  it('counts the build context of a service that has build: and no rules, which watch rebuilds on', async () => {
    const dir = watchedTree(2);
    const building = stack([service('app', { build: { context: join(dir, 'src'), dockerfile: 'Dockerfile', args: {}, labels: {} } })], { projectDir: dir });
    expect(await checkInotify(building, fakeProc({ maxUserWatches: 100 }))).toEqual([
      { check: 'inotify', status: 'ok', message: 'watch rules cover 3 folders; 100 of the limit of 100 watches are free (your other programs hold 0)' },
    ]);
  });

  it('fails when the tree needs more watches than are free, with the sysctl that raises the limit', async () => {
    const outcome = (await checkInotify(watching(watchedTree(12)), fakeProc({ maxUserWatches: 8 })))[0]!;
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'watch rules cover more than 8 folders; 8 of the limit of 8 watches are free (your other programs hold 0)',
    });
    expect(outcome.fix).toContain('fs.inotify.max_user_watches=524288');
  });

  it('warns past half of what is free, and is silent where there is no inotify', async () => {
    expect((await checkInotify(watching(watchedTree(5)), fakeProc({ maxUserWatches: 10 })))[0]!.status).toBe('warn');
    expect(await checkInotify(watching(watchedTree(1)), fakeProc({}))).toEqual([]);
  });
});

describe('memory and clock checks', () => {
  it('adds up memory limits against the engine machine, naming services without one', () => {
    const s = stack([service('db', { memLimitBytes: 7 * GIB }), service('app')]);
    expect(checkMemory(s, system)).toEqual([
      {
        check: 'memory',
        status: 'warn',
        message: "limits add up to 7.52 GB of the engine's 8.59 GB; no limit on app",
        fix: 'little is left for the host; lower some mem_limit values',
      },
    ]);
    expect(checkMemory(stack([service('db', { memLimitBytes: 9 * GIB })]), system)[0]!.status).toBe('fail');
  });

  it('measures skew from the middle of the round trip', () => {
    const at = Date.parse(system.systemTime);
    expect(checkClock(system, at - 100, at + 100)[0]).toMatchObject({ status: 'ok', message: 'host and engine clocks differ by 0.0s' });
    expect(checkClock(system, at + 5_000, at + 5_010)[0]).toMatchObject({ status: 'warn', message: 'host and engine clocks differ by 5.0s' });
    expect(checkClock(system, at - 120_000, at - 120_000)[0]!.status).toBe('fail');
  });
});

describe('rootless engine and low ports', () => {
  const web = stack([
    service('web', {
      ports: [
        { hostIp: '127.0.0.1', hostPort: 80, containerPort: 8080, protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: 8443, containerPort: 8443, protocol: 'tcp' },
      ],
    }),
  ]);

  it('fails on a host port below the unprivileged start, with the sysctl that allows it', async () => {
    const proc = fakeProc({});
    mkdirSync(join(proc, 'sys/net/ipv4'), { recursive: true });
    writeFileSync(join(proc, 'sys/net/ipv4/ip_unprivileged_port_start'), '1024\n');
    expect(await checkRootlessPorts(web, { ...system, rootless: true }, proc)).toEqual([
      {
        check: 'ports',
        status: 'fail',
        message: 'a rootless engine may not bind ports below 1024: 80 (service web)',
        fix: 'publish on a port from 1024 up, or allow it: `echo net.ipv4.ip_unprivileged_port_start=80 | sudo tee /etc/sysctl.d/90-rootless-ports.conf && sudo sysctl --system`',
      },
    ]);
    writeFileSync(join(proc, 'sys/net/ipv4/ip_unprivileged_port_start'), '0\n');
    expect(await checkRootlessPorts(web, { ...system, rootless: true }, proc)).toEqual([]);
  });

  it('says nothing for a rootful engine', async () => {
    expect(await checkRootlessPorts(web, system, fakeProc({}))).toEqual([]);
  });
});

describe('dockerfiles check', () => {
  const build = (context: string, fields: Record<string, string> = {}) => ({ context, dockerfile: 'Dockerfile', args: {}, labels: {}, ...fields });

  it('fails on a build: whose Dockerfile is missing, naming the service, the file and the fix', async () => {
    const dir = tempDir();
    const outcomes = await checkDockerfiles(stack([service('app', { build: build(dir) })], { projectDir: dir }));
    expect(outcomes).toEqual([
      {
        check: 'dockerfiles',
        status: 'fail',
        message: 'service app builds from Dockerfile, which does not exist',
        fix: expect.stringContaining('`devstack init`'),
      },
    ]);
  });

  it('fails on a missing context, and on a target stage the Dockerfile lacks', async () => {
    const dir = tempDir({ Dockerfile: 'FROM node:20-slim AS base\nFROM base AS prod\n' });
    expect((await checkDockerfiles(stack([service('app', { build: build(join(dir, 'api')) })], { projectDir: dir })))[0]).toMatchObject({
      status: 'fail',
      message: 'service app builds in api, which does not exist',
    });
    expect((await checkDockerfiles(stack([service('app', { build: build(dir, { target: 'dev' }) })], { projectDir: dir })))[0]).toMatchObject({
      status: 'fail',
      message: 'service app builds stage dev of Dockerfile, which has no such stage',
    });
    expect((await checkDockerfiles(stack([service('app', { build: build(dir, { target: 'prod' }) })], { projectDir: dir })))[0]).toMatchObject({
      status: 'ok',
    });
    expect(await checkDockerfiles(stack([service('db')]))).toEqual([]);
  });
});
