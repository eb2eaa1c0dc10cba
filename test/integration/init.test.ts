import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, devstack, docker, publishedPort, removeProjectImages, start, waitFor } from './helpers.js';
import { inTerminal, plainText } from './pty.js';

/** A project folder as a checkout is: readable by the uid the app profiles run as. */
function checkout(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'init-up-'));
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A free host port for APP_PORT: other suites on this engine may hold the profile's default 8080. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function answers(name: string, path: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${await publishedPort(`${name}-app-1`, 8080)}${path}`);
  return `${response.status} ${(await response.text()).trim()}`;
}

/** A Node server under src/, where the app-node profile mounts it, answering `body` and /healthz. */
function nodeServer(body: string): string {
  return `require('node:http').createServer((req, res) => res.end(req.url === '/healthz' ? 'ok' : '${body}')).listen(process.env.PORT || 8080);\n`;
}

/** Polls until the app answers `expected`; a refused connection while node --watch restarts is not an answer yet. */
async function answersInTime(name: string, expected: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    last = await answers(name, '/').catch((error: Error) => error.message);
    if (last === expected) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

describe('devstack init', () => {
  it('writes the three files for a Node repository, then refuses to overwrite them without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-cli-'));
    writeFileSync(join(dir, 'package.json'), '{"name":"shop"}');
    const first = await devstack(['init', '--profiles', 'postgres,redis'], dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Detected node (from package.json)');
    expect(readFileSync(join(dir, 'devstack.yml'), 'utf8')).toContain('- app-node');
    writeFileSync(join(dir, '.dockerignore'), 'mine\n');
    const second = await devstack(['init', '--profiles', 'postgres'], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('devstack.yml, .env.example, .dockerignore already exist');
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toBe('mine\n');
    const forced = await devstack(['init', '--profiles', 'postgres', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, '.dockerignore'), 'utf8')).toContain('node_modules/');
  });

  it('Ctrl-C at its question in a terminal: exit 130, nothing written, the terminal given back', async () => {
    const dir = checkout({ 'package.json': '{"name":"asked","scripts":{"start":"node index.js"}}\n' });
    const run = inTerminal(['init'], dir);
    await waitFor(() => /Profiles to include/.test(run.screen()), 30_000);
    run.type('\x03');
    const { code, screen } = await run.done;
    expect(code, plainText(screen)).toBe(130);
    expect(plainText(screen)).toContain('Interrupted: nothing was written.');
    expect(plainText(screen)).not.toMatch(/TypeError|at .*\.js:\d+/);
    for (const file of ['devstack.yml', '.env.example', '.dockerignore', 'Dockerfile']) expect(existsSync(join(dir, file)), file).toBe(false);
  });

  it('rejects an unknown profile with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'init-cli-'));
    const result = await devstack(['init', '--runtime', 'none', '--profiles', 'postgress'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown profile "postgress"');
  });
});

describe('init, then up: the stack it writes starts', { timeout: 420_000 }, () => {
  const names: string[] = [];
  const unique = (runtime: string) => {
    const name = `t${runtime}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    names.push(name);
    return name;
  };
  afterAll(async () => {
    for (const name of names) {
      await cleanup(name);
      await removeProjectImages(name);
    }
  });

  it('node: a package.json whose start script runs server.js at the top comes up healthy, with no .env', async () => {
    const dir = checkout({
      'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { start: 'node server.js' } }),
      'server.js': "require('node:http').createServer((req, res) => res.end(req.url === '/healthz' ? 'ok' : 'shop')).listen(process.env.PORT || 8080);\n",
    });
    const init = await devstack(['init', '--profiles', ''], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('App entry: server.js (from package.json scripts.start).');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM node:20-slim AS base$[\s\S]*^FROM base AS dev$[\s\S]*^USER node$/m);
    const check = await devstack(['check'], dir);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const name = unique('node');
    const up = await devstack(['up', '-p', name, '--timeout', '240'], dir, { APP_PORT: String(await freePort()) });
    expect(up.stderr).not.toMatch(/^error:|server error/m);
    expect(up.code).toBe(0);
    expect((await docker.getContainer(`${name}-app-1`).inspect()).Config.Cmd).toEqual(['node', '--watch', 'server.js']);
    expect(await answers(name, '/')).toBe('200 shop');
  });

  it('node: watch --json on the stack init wrote serves an edit under src/ by node --watch, with no rebuild, and Ctrl-C ends it quietly', async () => {
    const dir = checkout({
      'package.json': JSON.stringify({ name: 'shop', version: '1.0.0', scripts: { dev: 'node src/index.js' } }),
      'src/index.js': nodeServer('first'),
    });
    expect((await devstack(['init', '--profiles', ''], dir)).code).toBe(0);
    const name = unique('nodewatch');
    const run = start(['watch', '-p', name, '--json', '--timeout', '240'], dir, { APP_PORT: String(await freePort()) });
    const events: Array<{ type: string; service?: string; ok?: boolean; interrupted?: boolean; exitCode?: number }> = [];
    let partial = '';
    run.child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as (typeof events)[number]);
    });
    try {
      await waitFor(() => events.some((e) => e.type === 'watching' && e.service === 'app') || run.child.exitCode !== null, 300_000);
      expect(run.child.exitCode, run.stderr()).toBeNull();
      expect(await answers(name, '/')).toBe('200 first');
      const before = await docker.getContainer(`${name}-app-1`).inspect();
      writeFileSync(join(dir, 'src/index.js'), nodeServer('second'));
      expect(await answersInTime(name, '200 second', 60_000)).toBe('200 second');
      // Well past the quiet period: a rebuild started by the edit would have shown as an action by now.
      await new Promise((r) => setTimeout(r, 1500));
      expect(events.filter((e) => e.type === 'action')).toEqual([]);
      const after = await docker.getContainer(`${name}-app-1`).inspect();
      // The same container, not restarted either: node --watch restarted the process inside it.
      expect(after.Id).toBe(before.Id);
      expect(after.State.StartedAt).toBe(before.State.StartedAt);
    } finally {
      run.child.kill('SIGINT');
    }
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).not.toMatch(/error:/i);
    expect(events.at(-1)).toMatchObject({ type: 'result', ok: true, interrupted: true, exitCode: 130 });
  });

  it('python: a requirements.txt project with a package run by -m comes up healthy', async () => {
    const dir = checkout({
      'requirements.txt': '# no dependencies: the test runs offline\n',
      'shop/__main__.py': [
        'import http.server, os',
        'class Handler(http.server.BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        '        body = b"ok" if self.path == "/healthz" else b"shop"',
        '        self.send_response(200); self.end_headers(); self.wfile.write(body)',
        'http.server.HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()',
        '',
      ].join('\n'),
    });
    const init = await devstack(['init', '--profiles', ''], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('App entry: python -m shop (from shop/__main__.py).');
    expect((await devstack(['check'], dir)).code).toBe(0);
    const name = unique('py');
    const up = await devstack(['up', '-p', name, '--timeout', '240'], dir, { APP_PORT: String(await freePort()) });
    expect(up.stderr).not.toMatch(/^error:|server error/m);
    expect(up.code).toBe(0);
    expect(await answers(name, '/')).toBe('200 shop');
  });

  it('go: writes a Dockerfile with the dev stage Air runs in and an .air.toml for the main package; check passes', async () => {
    const dir = checkout({ 'go.mod': 'module example.com/shop\n\ngo 1.24\n', 'cmd/shop/main.go': 'package main\n\nfunc main() {}\n' });
    const init = await devstack(['init', '--profiles', ''], dir);
    expect(init.code, init.stderr).toBe(0);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toMatch(/^FROM base AS dev$[\s\S]*^CMD \["air", "-c", ".air.toml"\]$/m);
    expect(readFileSync(join(dir, '.air.toml'), 'utf8')).toContain('cmd = "go build -o ./tmp/main ./cmd/shop"');
    const check = await devstack(['check'], dir);
    expect(check.code, check.stdout).toBe(0);
  });

  it('check and doctor name a build: whose Dockerfile is missing, without a stack trace', async () => {
    const dir = checkout({ 'package.json': '{}', 'src/index.js': '' });
    expect((await devstack(['init', '--profiles', ''], dir)).code).toBe(0);
    rmSync(join(dir, 'Dockerfile'));
    const check = await devstack(['check'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr + check.stdout).not.toMatch(/ENOENT|unexpected error|at async/);
    expect(check.stdout).toMatch(/app-node\.yml:\d+:\d+ stack\/build-dockerfile error service app builds from .*\/Dockerfile, which does not exist/);
    const doctor = await devstack(['doctor'], dir);
    expect(doctor.stdout + doctor.stderr).toMatch(/FAIL\s+dockerfiles\s+service app builds from Dockerfile, which does not exist/);
    expect(existsSync(join(dir, 'Dockerfile'))).toBe(false);
  });
});
