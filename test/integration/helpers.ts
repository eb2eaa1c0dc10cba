import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import type Docker from 'dockerode';
import pg from 'pg';
import { FrameDemuxer } from '../../src/engine/demux.js';
import { testDocker } from './test-docker.js';

export const docker = testDocker();
const root = resolve(import.meta.dirname, '../..');
/** The private build made by global-setup.ts; the working tree's own dist/ may be rebuilt at any time. */
export const bin = process.env.DEVSTACK_TEST_CLI ?? join(root, 'bin/run.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ReturnType<typeof spawn>;
  stderr: () => string;
  done: Promise<CliResult>;
}

/** Runs the built CLI as a user would, without a TTY (so plain lines), in a project directory. */
export function start(args: string[], cwd: string, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // Reported as a shell would: a process killed by a signal exits 128 + its number (Ctrl-C: 130).
  const done = new Promise<CliResult>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code: code ?? (signal ? 128 + constants.signals[signal] : null), stdout, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

export function devstack(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return start(args, cwd, env).done;
}

/** A fresh copy of a fixture stack with a unique project name, so tests run side by side. */
export function project(fixture: string): { dir: string; name: string } {
  const dir = mkdtempSync(join(tmpdir(), `devstack-${fixture}-`));
  cpSync(join(root, 'test/fixtures/stacks', fixture), dir, { recursive: true });
  const name = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { dir, name };
}

export function projectContainers(name: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`dev.devstack.project=${name}`] } });
}

/** Removes everything a test project left, by label: containers, networks and volumes. */
export async function cleanup(name: string): Promise<void> {
  const label = [`dev.devstack.project=${name}`];
  for (const c of await docker.listContainers({ all: true, filters: { label } })) await docker.getContainer(c.Id).remove({ force: true });
  for (const n of await docker.listNetworks({ filters: { label } })) await docker.getNetwork(n.Id).remove();
  for (const v of (await docker.listVolumes({ filters: { label } })).Volumes ?? []) await docker.getVolume(v.Name).remove();
}

export async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command in a container through the engine API; stdout and stderr lines together, demultiplexed. */
export async function execIn(container: string, cmd: string[]): Promise<string> {
  const run = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({ hijack: true, stdin: false });
  const demuxer = new FrameDemuxer(false);
  const lines: string[] = [];
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => lines.push(...demuxer.push(chunk).map((l) => l.text)));
    stream.on('end', () => resolve([...lines, ...demuxer.flush().map((l) => l.text)].join('\n')));
  });
}

/** Removes every image labelled with a test project (built images and the untagged ones rebuilds leave). */
export async function removeProjectImages(name: string): Promise<void> {
  for (const image of await docker.listImages({ all: true, filters: { label: [`dev.devstack.project=${name}`] } })) {
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/** The host port a container publishes for `containerPort`, which must be on 127.0.0.1: tests reach services only there. */
export async function publishedPort(container: string, containerPort: number): Promise<number> {
  const binding = (await docker.getContainer(container).inspect()).NetworkSettings.Ports[`${containerPort}/tcp`]?.[0];
  if (binding?.HostIp !== '127.0.0.1') throw new Error(`${container} publishes ${containerPort}/tcp on ${binding?.HostIp ?? 'no address'}, not 127.0.0.1`);
  return Number(binding.HostPort);
}

/** One query against the postgres profile's database, with its development credentials. */
export async function profileSql<T>(port: number, query: string): Promise<T[]> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'app', password: 'app-dev-password', database: 'app' });
  await client.connect();
  try {
    return (await client.query(query)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Speaks just enough RESP for PING, SET and GET to a Redis on 127.0.0.1; answers the reply's text. */
export function redisCommand(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}
