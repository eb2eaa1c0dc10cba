import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project } from './helpers.js';
import { lacks } from './extras.js';

const run = promisify(execFile);
/** One copy of the project, brought up twice under two project names: once by devstack, once by Compose. */
const { dir, name: ours } = project('compose-multi');
const theirs = `${ours}c`;
const SERVICES = ['cache', 'debug', 'web'];

function compose(...args: string[]) {
  return run('docker', ['compose', '-p', theirs, '--profile', 'debug', ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
}

function container(project: string, service: string): Promise<Docker.ContainerInspectInfo> {
  return docker.getContainer(`${project}-${service}-1`).inspect();
}

/** What a user would call "the same container", with the project name taken out of volume and network names. */
function essentials(info: Docker.ContainerInspectInfo, project: string) {
  const unproject = (text: string) => text.replaceAll(project, 'PROJECT');
  const ports = Object.entries(info.HostConfig.PortBindings ?? {}).map(([port, bindings]) => [
    port,
    (bindings as Array<{ HostIp: string }>).map((b) => b.HostIp),
  ]);
  return {
    image: info.Config.Image,
    cmd: info.Config.Cmd,
    env: [...(info.Config.Env ?? [])].sort(),
    healthcheck: info.Config.Healthcheck,
    stopSignal: (info.Config as { StopSignal?: string }).StopSignal,
    mounts: info.Mounts.map((m) => ({ type: m.Type, source: m.Type === 'volume' ? unproject(m.Name ?? '') : m.Source, target: m.Destination, rw: m.RW })).sort(
      (a, b) => a.target.localeCompare(b.target),
    ),
    tmpfs:
      info.HostConfig.Tmpfs ??
      Object.fromEntries((info.HostConfig.Mounts ?? []).filter((m) => m.Type === 'tmpfs').map((m) => [m.Target, String(m.TmpfsOptions?.SizeBytes)])),
    ports: ports.sort(),
  };
}

async function publishedPort(project: string, service: string, port: number): Promise<number> {
  const binding = (await container(project, service)).NetworkSettings.Ports[`${port}/tcp`]?.[0];
  expect(binding?.HostIp).toBe('127.0.0.1');
  return Number(binding!.HostPort);
}

describe.skipIf(lacks('compose'))('a multi-file Compose project (include, extends, profiles, override file, .env) under devstack and Compose', () => {
  beforeAll(async () => {
    const up = await devstack(['up', '-p', ours, '--profile', 'debug', '--timeout', '120'], dir);
    expect(up.stderr).not.toMatch(/^error:/m);
    expect(up.code).toBe(0);
    await compose('up', '-d', '--wait');
  }, 240_000);

  afterAll(async () => {
    await compose('down', '-v', '--timeout', '0').catch(() => undefined);
    await cleanup(ours);
  }, 120_000);

  it('brings up every service, healthy where it has a healthcheck', async () => {
    for (const service of SERVICES) {
      const info = await container(ours, service);
      expect(info.State.Running).toBe(true);
      if (service !== 'debug') expect(info.State.Health?.Status).toBe('healthy');
    }
    const response = await fetch(`http://127.0.0.1:${await publishedPort(ours, 'web', 8080)}/`);
    expect(await response.text()).toBe('served by a Compose file\n');
  });

  it('creates the same services as docker compose up', async () => {
    const mine = await docker.listContainers({ all: true, filters: { label: [`dev.devstack.project=${ours}`] } });
    const compose = await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${theirs}`] } });
    expect(mine.map((c) => c.Labels['dev.devstack.service']).sort()).toEqual(SERVICES);
    expect(compose.map((c) => c.Labels['com.docker.compose.service']).sort()).toEqual(SERVICES);
  });

  it('applied extends (from another file), include, the override file and .env', async () => {
    const web = essentials(await container(ours, 'web'), ours);
    expect(web.env).toEqual(expect.arrayContaining(['COMMON=1', 'ROLE=web', 'GREETING=from-dotenv', 'OVERRIDDEN=yes']));
    expect(web.mounts).toEqual([{ type: 'bind', source: `${dir}/lib/www`, target: '/www', rw: false }]);
    expect(web.healthcheck?.Test).toEqual(['CMD', 'wget', '-q', '-O-', 'http://127.0.0.1:8080/']);
    expect(web.ports).toEqual([['8080/tcp', ['127.0.0.1']]]);
    const cache = essentials(await container(ours, 'cache'), ours);
    expect(cache.mounts).toEqual([{ type: 'volume', source: 'PROJECT_cache-data', target: '/data', rw: true }]);
    expect(cache.ports).toEqual([['6379/tcp', ['127.0.0.1']]]);
    expect(essentials(await container(ours, 'debug'), ours).tmpfs).toHaveProperty('/scratch');
  });

  it.each(SERVICES)('%s: same image, command, env, mounts, healthcheck and ports as Compose made', async (service) => {
    const [a, b] = await Promise.all([container(ours, service), container(theirs, service)]);
    // On API >= 1.44 devstack adds a start interval (and a start period) so the engine's health keeps up
    // with its probe: the one documented difference. The rest is Compose's to the letter.
    const startTiming = (e: ReturnType<typeof essentials>) => {
      const { StartInterval: _interval, StartPeriod: _period, ...rest } = (e.healthcheck ?? {}) as Record<string, unknown>;
      return { ...e, healthcheck: e.healthcheck && rest };
    };
    expect(startTiming(essentials(a, ours))).toEqual(startTiming(essentials(b, theirs)));
  });

  it("devstack down removes its project only: Compose's containers of the same files keep running", async () => {
    const down = await devstack(['down', '-p', ours, '--volumes', '--yes'], dir);
    expect(down.code).toBe(0);
    expect(await docker.listContainers({ all: true, filters: { label: [`dev.devstack.project=${ours}`] } })).toEqual([]);
    const compose = await docker.listContainers({ filters: { label: [`com.docker.compose.project=${theirs}`] } });
    expect(compose.map((c) => c.Labels['com.docker.compose.service']).sort()).toEqual(SERVICES);
  });
});
