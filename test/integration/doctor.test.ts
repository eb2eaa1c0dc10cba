import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project, projectContainers } from './helpers.js';
import { testEngine } from './engine-under-test.js';

interface Check {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  message: string;
  fix?: string;
}
interface Report {
  checks: Check[];
  summary: { ok: number; warn: number; fail: number };
  elapsedMs: number;
}

/** A port nobody holds right now: bind port 0, read what the kernel chose, let it go. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Another program holding a port: a separate node process, so its PID is not the test's own. */
function holdPort(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`]);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`port holder exited with ${code}`)));
  });
}

function report(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

function the(r: Report, check: string): Check[] {
  return r.checks.filter((c) => c.check === check);
}

describe('devstack doctor against the real engine', () => {
  const { dir, name } = project('doctor');
  const holders: Array<{ stop(): void }> = [];
  afterEach(() => {
    while (holders.length) holders.pop()!.stop();
  });
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getContainer(`${name}-holder`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('passes on a stack whose port is free, saying which engine answered and where', async () => {
    const port = await freePort();
    const result = await devstack(['doctor', '-p', name, '--json'], dir, { WEB_PORT: String(port) });
    const r = report(result.stdout);
    expect(result.code, result.stderr).toBe(0);
    expect(r.summary.fail).toBe(0);
    const where = process.env.DOCKER_HOST ? `${process.env.DOCKER_HOST} (from DOCKER_HOST)` : 'unix:///var/run/docker.sock (from the default socket)';
    expect(the(r, 'engine')[0]!.message).toMatch(/^(Docker|Podman) \d+\.\d+\.\d+\S* \(API 1\.\d+, linux\) at /);
    expect(the(r, 'engine')[0]!.message.endsWith(` at ${where}`)).toBe(true);
    expect(the(r, 'ports')).toEqual([{ check: 'ports', status: 'ok', message: `1 published port is free: ${port}` }]);
    expect(the(r, 'images')[0]).toMatchObject({ status: 'ok', message: 'all 1 images present: busybox:latest' });
    expect(the(r, 'disk')[0]!.message).toMatch(/\d+\.\d+ GB free where the engine keeps its data|is on another machine; not measured/);
  });

  it('names the PID and command of a process holding a published port, and exits 1', async () => {
    const port = await freePort();
    const child = await holdPort(port);
    holders.push({ stop: () => child.kill() });
    const result = await devstack(['doctor', '-p', name], dir, { WEB_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`FAIL ports`);
    expect(result.stdout).toContain(`127.0.0.1:${port} (service web) is held by PID ${child.pid} (${process.execPath} -e require('net')`);
    expect(result.stdout).toContain(`fix: stop it (\`kill ${child.pid}\`), or change the published port in the stack file`);
    expect(result.stderr).toContain('doctor: 1 check failed');
  });

  it('names the container holding a published port', async () => {
    const port = await freePort();
    const holder = await docker.createContainer({
      name: `${name}-holder`,
      Image: 'busybox:latest',
      Cmd: ['sleep', '3600'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] } },
    });
    holders.push({ stop: () => void holder.remove({ force: true }).catch(() => undefined) });
    await holder.start();
    const r = report((await devstack(['doctor', '-p', name, '--json'], dir, { WEB_PORT: String(port) })).stdout);
    expect(the(r, 'ports')).toEqual([
      {
        check: 'ports',
        status: 'fail',
        message: `127.0.0.1:${port} (service web) is held by container ${name}-holder`,
        fix: `stop it with \`docker stop ${name}-holder\`, or change the published port`,
      },
    ]);
  });

  it('takes the stack’s own running container on the port for what it is, not a conflict', async () => {
    const port = await freePort();
    const env = { WEB_PORT: String(port) };
    expect((await devstack(['up', '-p', name], dir, env)).code).toBe(0);
    const r = report((await devstack(['doctor', '-p', name, '--json'], dir, env)).stdout);
    expect(the(r, 'ports')).toEqual([
      { check: 'ports', status: 'ok', message: `127.0.0.1:${port} (service web) is held by this stack's own container ${name}-web-1` },
    ]);
    expect((await devstack(['down', '-p', name], dir, env)).code).toBe(0);
  });

  it('tells pullable missing images from ones no registry has, base images of Dockerfiles included', async () => {
    const images = mkdtempSync(join(tmpdir(), 'devstack-doctor-images-'));
    writeFileSync(join(images, 'Dockerfile'), 'FROM 127.0.0.1:5000/devstack-test/no-such-base:1.0\n');
    writeFileSync(
      join(images, 'devstack.yml'),
      [
        'services:',
        '  app:',
        '    build: .',
        '  mirrored:',
        '    image: 127.0.0.1:5000/library/busybox:latest',
        '  typo:',
        '    image: busybox:no-such-tag-d8',
        '',
      ].join('\n'),
    );
    const result = await devstack(['doctor', '-p', name, '--json'], images);
    if (testEngine() === 'podman') {
      // Podman has no /distribution endpoint: doctor says it cannot ask, and blames no name.
      const [asked, ...more] = the(report(result.stdout), 'images') as Array<{ status: string; message: string }>;
      expect(more).toEqual([]);
      expect(asked).toMatchObject({
        status: 'warn',
        message: expect.stringMatching(/^not present, and their registry could not be asked: .*cannot look images up/),
      });
      for (const image of ['127.0.0.1:5000/devstack-test/no-such-base:1.0', '127.0.0.1:5000/library/busybox:latest', 'busybox:no-such-tag-d8'])
        expect(asked!.message).toContain(image);
      return;
    }
    expect(result.code).toBe(1);
    expect(the(report(result.stdout), 'images')).toEqual([
      { check: 'images', status: 'ok', message: 'to be pulled, found in their registry: 127.0.0.1:5000/library/busybox:latest' },
      {
        check: 'images',
        status: 'fail',
        message: 'not present and not in their registry: 127.0.0.1:5000/devstack-test/no-such-base:1.0, busybox:no-such-tag-d8',
        fix: 'check the name and tag (a typo?); for a private registry run `docker login <registry>`',
      },
    ]);
  });

  it('reports a required variable that is not set, with where the stack asks for it', async () => {
    const result = await devstack(['doctor', '-p', name], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL variables +WEB_PORT is not set \(.*devstack\.yml:9:9 services\.web\.ports\[0\]: set WEB_PORT to a free port\)$/m);
    expect(result.stdout).toMatch(/fix: set WEB_PORT in the environment or \.env$/m);
    expect(result.stdout).toMatch(/^warn ports +not checked, nor images, memory and the watch limit: the stack did not load$/m);
  });

  it('reports an engine that is not there (bad DOCKER_HOST) as such, within 2 s', async () => {
    const result = await devstack(['doctor', '-p', name, '--json'], dir, {
      WEB_PORT: String(await freePort()),
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
    });
    const r = report(result.stdout);
    expect(result.code).toBe(1);
    expect(the(r, 'engine')).toEqual([
      {
        check: 'engine',
        status: 'fail',
        message: 'No Docker engine answered at unix:///nonexistent/docker.sock (from DOCKER_HOST): ENOENT: connect ENOENT /nonexistent/docker.sock',
        fix: 'Start the engine there, or unset DOCKER_HOST to use the local one.',
      },
    ]);
    expect(r.elapsedMs).toBeLessThan(2000);
  });

  it('reports an engine that accepts the connection but never answers, within 2 s', async () => {
    // Something listening that is not an engine (or a hung VM): the connection opens, no answer comes.
    const silent: Server = await new Promise((resolve) => {
      const server = createServer(() => undefined).listen(0, '127.0.0.1', () => resolve(server));
    });
    holders.push({ stop: () => silent.close() });
    const { port } = silent.address() as { port: number };
    const result = await devstack(['doctor', '-p', name, '--json', '--insecure-engine'], dir, {
      WEB_PORT: String(await freePort()),
      DOCKER_HOST: `tcp://127.0.0.1:${port}`,
    });
    const r = report(result.stdout);
    expect(result.code).toBe(1);
    expect(the(r, 'engine')[0]!.message).toBe(`No Docker engine answered at tcp://127.0.0.1:${port} (from DOCKER_HOST): ETIMEDOUT: no answer within 1000 ms`);
    expect(r.elapsedMs).toBeLessThan(2000);
  });
});

describe('devstack up runs the fast doctor checks first', () => {
  const { dir, name } = project('doctor');
  afterAll(() => cleanup(name));

  it('stops before touching anything when a port is taken, with the message doctor gives', async () => {
    const port = await freePort();
    const child = await holdPort(port);
    try {
      const env = { WEB_PORT: String(port) };
      const doctor = await devstack(['doctor', '-p', name], dir, env);
      const up = await devstack(['up', '-p', name], dir, env);
      expect(up.code).toBe(1);
      const problem = `127.0.0.1:${port} (service web) is held by PID ${child.pid}`;
      const doctorLines = doctor.stdout.split('\n').filter((l) => l.includes(problem) || l.includes(`kill ${child.pid}`));
      expect(doctorLines).toHaveLength(2);
      // Same words, whatever the column width of each report.
      for (const line of doctorLines) expect(up.stderr.replace(/ +/g, ' ')).toContain(line.replace(/ +/g, ' ').trim());
      expect(up.stderr).toContain('up stopped before starting anything');
      expect(await projectContainers(name)).toEqual([]);
      expect(await docker.listNetworks({ filters: { label: [`dev.devstack.project=${name}`] } })).toEqual([]);
      expect((await docker.listVolumes({ filters: { label: [`dev.devstack.project=${name}`] } })).Volumes ?? []).toEqual([]);
    } finally {
      child.kill();
    }
  });
});
