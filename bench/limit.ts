/**
 * The floor for scenario 1 (cold `up`): the reference stack's containers created and started directly
 * through the engine API with dockerode, each as soon as the services it depends on pass their check,
 * and every check run in a tight loop (exec, no sleep) from the moment its container is started.
 * Nothing here is product code; it reads bench/stack/compose.yaml so that it runs the same containers.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Docker from 'dockerode';
import { parse } from 'yaml';

interface ComposeService {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number };
  stop_signal?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const PROJECT = 'bench-limit';
const LABEL = 'dev.devstack.bench';

function nanos(duration: string | undefined): number | undefined {
  const m = duration ? /^(\d+)(ms|s|m)$/.exec(duration) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * (m[2] === 'ms' ? 1e6 : m[2] === 's' ? 1e9 : 60e9);
}

function interpolate(value: string): string {
  return value.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => process.env[name] ?? fallback);
}

function probeCommand(test: string[]): string[] {
  const [kind, ...rest] = test;
  return kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : rest;
}

function createOptions(name: string, s: ComposeService, stackDir: string, network: string): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const spec of s.ports ?? []) {
    const [ip, host, container] = spec.split(':');
    exposed[`${container}/tcp`] = {};
    bindings[`${container}/tcp`] = [{ HostIp: ip!, HostPort: host! }];
  }
  const binds = (s.volumes ?? []).map((v) => {
    const [source, target, mode] = v.split(':');
    const src = source!.startsWith('.') ? resolve(stackDir, source!) : `${PROJECT}_${source}`;
    return [src, target, mode].filter(Boolean).join(':');
  });
  const hc = s.healthcheck;
  return {
    name: `${PROJECT}-${name}`,
    Image: s.image,
    ...(s.command ? { Cmd: s.command } : {}),
    Env: Object.entries(s.environment ?? {}).map(([k, v]) => `${k}=${interpolate(String(v))}`),
    ExposedPorts: exposed,
    Labels: { [LABEL]: PROJECT },
    ...(s.stop_signal ? { StopSignal: s.stop_signal } : {}),
    ...(hc ? { Healthcheck: { Test: hc.test, Interval: nanos(hc.interval), Timeout: nanos(hc.timeout), Retries: hc.retries } } : {}),
    HostConfig: { PortBindings: bindings, Binds: binds, NetworkMode: network },
    NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [name] } } },
  };
}

async function execExitCode(docker: Docker, id: string, cmd: string[]): Promise<number> {
  const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((done) => {
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', () => done());
    stream.resume();
  });
  return (await exec.inspect()).ExitCode ?? -1;
}

export interface LimitRun {
  totalMs: number;
  readyMs: Record<string, number>;
}

/** Removes what a previous run left (containers and network; volumes stay initialised). */
export async function cleanLimit(docker = new Docker()): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=${PROJECT}`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  const nets = await docker.listNetworks({ filters: { name: [`${PROJECT}_default`] } });
  await Promise.all(nets.filter((n) => n.Name === `${PROJECT}_default`).map((n) => docker.getNetwork(n.Id).remove()));
}

/** One cold start of the stack straight through the engine API; returns when the last service passes its check. */
export async function measureLimit(composeFile: string): Promise<LimitRun> {
  const docker = new Docker();
  const file = parse(readFileSync(composeFile, 'utf8')) as ComposeFile;
  const stackDir = dirname(composeFile);
  await cleanLimit(docker);
  for (const volume of Object.keys(file.volumes ?? {})) await docker.createVolume({ Name: `${PROJECT}_${volume}`, Labels: { [LABEL]: PROJECT } });

  const t0 = performance.now();
  const network = `${PROJECT}_default`;
  await docker.createNetwork({ Name: network, Labels: { [LABEL]: PROJECT } });
  const ready = new Map<string, Promise<void>>();
  const readyMs: Record<string, number> = {};
  const bringUp = (name: string): Promise<void> => {
    let pending = ready.get(name);
    if (pending) return pending;
    const s = file.services[name]!;
    pending = (async () => {
      await Promise.all(Object.keys(s.depends_on ?? {}).map(bringUp));
      const container = await docker.createContainer(createOptions(name, s, stackDir, network));
      await container.start();
      if (s.healthcheck) {
        const cmd = probeCommand(s.healthcheck.test);
        while ((await execExitCode(docker, container.id, cmd)) !== 0) {
          if (performance.now() - t0 > 120_000) throw new Error(`limit: ${name} did not pass its check in 120 s`);
        }
      }
      readyMs[name] = Math.round(performance.now() - t0);
    })();
    ready.set(name, pending);
    return pending;
  };
  await Promise.all(Object.keys(file.services).map(bringUp));
  const totalMs = performance.now() - t0;
  await cleanLimit(docker);
  return { totalMs, readyMs };
}

/** Volumes are kept between runs (like the tools' `down`); this removes them at the very end. */
export async function removeLimitVolumes(): Promise<void> {
  const docker = new Docker();
  const { Volumes } = await docker.listVolumes({ filters: { label: [`${LABEL}=${PROJECT}`] } });
  await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove()));
}
