import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, project, publishedPort, start, waitFor } from './helpers.js';

const HASH = 'dev.devstack.config-hash';
const DEBUG = 'dev.devstack.debug';

async function inspect(container: string) {
  return docker.getContainer(container).inspect();
}

/** Sends bytes over TCP and resolves with what came back once `done` says it is complete. */
function talk(port: number, request: Buffer | string, done: (received: Buffer) => boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(request));
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer in 10 s; got ${JSON.stringify(received.toString())}`));
    }, 10_000);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (done(received)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Content-Length framed JSON messages, as the Debug Adapter Protocol sends them. */
function dapMessages(received: Buffer): Array<Record<string, unknown>> {
  const messages: Array<Record<string, unknown>> = [];
  let rest = received.toString('utf8');
  for (;;) {
    const match = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    if (!match) return messages;
    const start = match[0].length;
    const body = Buffer.from(rest.slice(start), 'utf8');
    if (body.length < Number(match[1])) return messages;
    messages.push(JSON.parse(body.subarray(0, Number(match[1])).toString('utf8')) as Record<string, unknown>);
    rest = body.subarray(Number(match[1])).toString('utf8');
  }
}

describe('debug: node', { timeout: 240_000 }, () => {
  const { dir, name } = project('debug-node');
  const app = `${name}-app-1`;
  let plainHash = '';
  let otherId = '';

  beforeAll(async () => {
    // The user's own launch.json, with a configuration and comments that must survive.
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(
      join(dir, '.vscode/launch.json'),
      '{\n  // mine\n  "version": "0.2.0",\n  "configurations": [\n    { "name": "Mine", "type": "node", "request": "launch" }, // keep me\n  ],\n}\n',
    );
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
    plainHash = (await inspect(app)).Config.Labels[HASH]!;
    otherId = (await inspect(`${name}-other-1`)).Id;
  });
  afterAll(() => cleanup(name));

  it('debug: the inspector on 127.0.0.1 lists the app, a WebSocket handshake to it succeeds, other services untouched', async () => {
    const result = await devstack(['debug', '-p', name, 'app'], dir);
    expect(result.stderr).toContain('Runtime: node, because its image sets NODE_VERSION=');
    expect(result.code).toBe(0);
    const container = await inspect(app);
    expect(container.Config.Cmd).toEqual(['node', '--inspect=0.0.0.0:9229', 'src/server.js']);
    expect(container.Config.Env.some((e) => e.startsWith('NODE_OPTIONS='))).toBe(false);
    const port = await publishedPort(app, 9229);
    expect(result.stdout).toContain(`127.0.0.1:${port}`);
    expect(result.stdout).toContain('devtools://devtools/bundled/js_app.html');

    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ url: string; webSocketDebuggerUrl: string }>;
    const target = targets.find((t) => t.url.endsWith('/app/src/server.js'));
    expect(target).toBeDefined();
    // Node 20 has no WebSocket client: the HTTP Upgrade handshake by hand.
    const key = randomBytes(16).toString('base64');
    const path = new URL(target!.webSocketDebuggerUrl).pathname;
    const answer = await talk(
      port,
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      (r) => r.includes('\r\n\r\n'),
    );
    const head = answer.toString('latin1');
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    expect(head).toContain(`Sec-WebSocket-Accept: ${accept}`);

    expect((await inspect(`${name}-other-1`)).Id).toBe(otherId);
    const launch = readFileSync(join(dir, '.vscode/launch.json'), 'utf8');
    expect(launch).toContain('// mine');
    expect(launch).toContain('// keep me');
    expect(launch).toContain('"name": "Mine"');
    expect(launch).toContain('"name": "devstack: app (node)"');
    expect(launch).toContain(`"port": ${port}`);
  });

  it('status shows the service in debug mode and its port, in the table and in --json', async () => {
    const port = await publishedPort(app, 9229);
    const table = await devstack(['status', '-p', name], dir);
    expect(table.stdout).toContain('DEBUG');
    expect(table.stdout).toContain(`node on 127.0.0.1:${port}`);
    const rows = JSON.parse((await devstack(['status', '-p', name, '--json'], dir)).stdout) as Array<{ service: string; debug: unknown }>;
    expect(rows.find((r) => r.service === 'app')?.debug).toEqual({ runtime: 'node', containerPort: 9229, address: `127.0.0.1:${port}`, hostPort: port });
    expect(rows.find((r) => r.service === 'other')?.debug).toBeNull();
  });

  it('up --keep-debug keeps it; plain up returns it to its normal spec (the config hash differs)', async () => {
    const debugId = (await inspect(app)).Id;
    expect((await devstack(['up', '-p', name, '--keep-debug'], dir)).code).toBe(0);
    expect((await inspect(app)).Id).toBe(debugId);
    const plainUp = await devstack(['up', '-p', name], dir);
    expect(plainUp.code).toBe(0);
    const back = await inspect(app);
    expect(back.Config.Labels[HASH]).toBe(plainHash);
    expect(back.Config.Labels[DEBUG]).toBeUndefined();
    expect(back.Config.Cmd).toEqual(['node', 'src/server.js']);
  });

  it('--off restores the original container spec (the config hash from before debug)', async () => {
    expect((await devstack(['debug', '-p', name, 'app', '--wait', '--port', '9230'], dir)).code).toBe(0);
    const debugging = await inspect(app);
    expect(debugging.Config.Cmd).toEqual(['node', '--inspect-brk=0.0.0.0:9230', 'src/server.js']);
    const port = await publishedPort(app, 9230);
    // The program is held before its first line, and the inspector answers all the same.
    expect(((await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as unknown[]).length).toBe(1);
    const launch = readFileSync(join(dir, '.vscode/launch.json'), 'utf8');
    expect(launch.match(/devstack: app \(node\)/g)).toHaveLength(1);
    expect(launch).toContain(`"port": ${port}`);
    expect(debugging.Config.Labels[HASH]).not.toBe(plainHash);
    const off = await devstack(['debug', '-p', name, 'app', '--off'], dir);
    expect(off.code).toBe(0);
    expect(off.stderr).toContain('app is back to its normal spec');
    const restored = await inspect(app);
    expect(restored.Config.Labels[HASH]).toBe(plainHash);
    expect(restored.Config.Labels[DEBUG]).toBeUndefined();
    expect(restored.NetworkSettings.Ports['9230/tcp']).toBeUndefined();
    expect((await inspect(`${name}-other-1`)).Id).toBe(otherId);
  });

  it('waits for the project lock another command holds, saying who; --no-lock-wait fails at once', async () => {
    // A holder that is alive on this host (this test process), as a running `devstack up` would be.
    const lock = join(dir, '.devstack/lock');
    mkdirSync(join(dir, '.devstack'), { recursive: true });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, command: 'devstack up -p held', startedAt: new Date().toISOString(), host: hostname() }));
    try {
      const refused = await devstack(['debug', '-p', name, 'app', '--no-lock-wait'], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Another devstack command is changing this project: `devstack up -p held`/);
      const before = (await inspect(app)).Id;
      const waiting = start(['debug', '-p', name, 'app'], dir);
      await waitFor(() => /Waiting for `devstack up -p held` \(pid \d+, since .*\) to finish changing/.test(waiting.stderr()), 60_000);
      // Nothing changes while it waits.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await inspect(app)).Id).toBe(before);
      rmSync(lock);
      const done = await waiting.done;
      expect(done.code, done.stderr).toBe(0);
      expect((await inspect(app)).Config.Labels[DEBUG]).toBeDefined();
    } finally {
      rmSync(lock, { force: true });
    }
    expect((await devstack(['debug', '-p', name, 'app', '--off'], dir)).code).toBe(0);
  });
});

describe('debug: python', { timeout: 240_000 }, () => {
  const { dir, name } = project('debug-python');
  afterAll(() => cleanup(name));

  it('debugpy answers a Debug Adapter Protocol initialize request on the published port (another one, as 5678 is taken)', async () => {
    // Something on this machine holds the usual port: the debugger is published on another free one.
    const holder = createServer();
    await new Promise<void>((done) => holder.once('error', () => done()).listen(5678, '127.0.0.1', () => done()));
    const result = await devstack(['debug', '-p', name, 'api'], dir).finally(() => holder.close());
    expect(result.stderr).toContain('Runtime: python, because its image sets PYTHON_VERSION=');
    expect(result.code).toBe(0);
    const container = `${name}-api-1`;
    expect((await inspect(container)).Config.Cmd).toEqual(['python3', '-u', '-m', 'debugpy', '--listen', '0.0.0.0:5678', '-m', 'app']);
    const port = await publishedPort(container, 5678);
    expect(port).not.toBe(5678);
    const body = JSON.stringify({ seq: 1, type: 'request', command: 'initialize', arguments: { clientID: 'test', adapterID: 'debugpy' } });
    const frame = `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const answer = await talk(port, frame, (r) => dapMessages(r).some((m) => m['type'] === 'response' && m['command'] === 'initialize'));
    const response = dapMessages(answer).find((m) => m['type'] === 'response' && m['command'] === 'initialize') as {
      success: boolean;
      body: { supportsConfigurationDoneRequest?: boolean };
    };
    expect(response.success).toBe(true);
    expect(response.body.supportsConfigurationDoneRequest).toBe(true);
    const launch = JSON.parse(readFileSync(join(dir, '.vscode/launch.json'), 'utf8')) as { configurations: Array<Record<string, unknown>> };
    expect(launch.configurations[0]).toMatchObject({
      type: 'debugpy',
      connect: { host: '127.0.0.1', port },
      pathMappings: [{ localRoot: '${workspaceFolder}', remoteRoot: '/srv' }],
    });
  });
});

describe('debug: go', { timeout: 300_000 }, () => {
  const { dir, name } = project('debug-go');
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getImage(`${name}-svc`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("Delve's JSON-RPC answers RPCServer.GetVersion; only SYS_PTRACE and seccomp=unconfined are added", async () => {
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
    const result = await devstack(['debug', '-p', name, 'svc'], dir);
    expect(result.stderr).toContain('Runtime: go, because its image sets GOLANG_VERSION=');
    expect(result.code).toBe(0);
    const container = await inspect(`${name}-svc-1`);
    expect(container.Config.Cmd?.slice(0, 3)).toEqual(['dlv', 'exec', '/app/server']);
    expect(container.HostConfig.CapAdd).toEqual(['SYS_PTRACE']);
    // Podman's inspect gives the option it took as `no-new-privileges`, Docker's as it was sent.
    expect(container.HostConfig.SecurityOpt?.map((option: string) => (option === 'no-new-privileges' ? 'no-new-privileges:true' : option))).toEqual([
      'no-new-privileges:true',
      'seccomp=unconfined',
    ]);
    expect(container.HostConfig.Privileged).toBe(false);
    const port = await publishedPort(`${name}-svc-1`, 2345);
    const answer = await talk(port, `${JSON.stringify({ method: 'RPCServer.GetVersion', params: [{}], id: 7 })}\n`, (r) => r.includes('\n'));
    const response = JSON.parse(answer.toString().split('\n')[0]!) as { id: number; result: { DelveVersion: string; APIVersion: number } };
    expect(response.id).toBe(7);
    expect(response.result.APIVersion).toBe(2);
    expect(response.result.DelveVersion).toMatch(/\d+\.\d+/);
    expect(existsSync(join(dir, '.vscode/launch.json'))).toBe(true);
  });
});

describe('debug: the built-in app-go profile, whose reload command is Air', { timeout: 300_000 }, () => {
  const { dir, name } = project('debug-air');
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getImage(`${name}-app`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('runs the mounted module under `dlv debug` instead, and Delve answers', async () => {
    // The profile runs as uid 1000: the source mount must be readable by it, as a checkout is for its owner.
    chmodSync(dir, 0o755);
    const result = await devstack(['debug', '-p', name, 'app', '--no-launch-json', '--timeout', '240'], dir);
    expect(result.stderr).toContain('Runtime: go, because');
    expect(result.code, result.stderr).toBe(0);
    const container = await inspect(`${name}-app-1`);
    expect(container.Config.Cmd?.slice(0, 3)).toEqual(['dlv', 'debug', '.']);
    const port = await publishedPort(`${name}-app-1`, 2345);
    const answer = await talk(port, `${JSON.stringify({ method: 'RPCServer.GetVersion', params: [{}], id: 9 })}\n`, (r) => r.includes('\n'));
    expect((JSON.parse(answer.toString().split('\n')[0]!) as { id: number }).id).toBe(9);
  });
});

describe('debug: a runtime named only inside the entrypoint script', { timeout: 240_000 }, () => {
  const { dir, name } = project('debug-script');
  afterAll(async () => {
    await cleanup(name);
    await docker
      .getImage(`${name}-web`)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('reads the script in the container, says so, and runs the rewritten script under debugpy', async () => {
    expect((await devstack(['up', '-p', name], dir)).code).toBe(0);
    const result = await devstack(['debug', '-p', name, 'web', '--no-launch-json'], dir);
    expect(result.stderr).toContain('Runtime: python, because its entrypoint script start.sh runs python3.');
    expect(result.code).toBe(0);
    const container = await inspect(`${name}-web-1`);
    expect(container.Config.Entrypoint).toEqual([
      '/bin/sh',
      '-c',
      expect.stringContaining('exec python3 -u -m debugpy --listen 0.0.0.0:5678 -m http.server 8000'),
      'start.sh',
    ]);
    const port = await publishedPort(`${name}-web-1`, 5678);
    const body = JSON.stringify({ seq: 1, type: 'request', command: 'initialize', arguments: { adapterID: 'debugpy' } });
    const answer = await talk(port, `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, (r) =>
      dapMessages(r).some((m) => m['command'] === 'initialize'),
    );
    expect(dapMessages(answer).find((m) => m['command'] === 'initialize')?.['success']).toBe(true);
    expect(existsSync(join(dir, '.vscode'))).toBe(false);
  });
});
