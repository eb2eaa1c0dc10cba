import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/config/index.js';
import { runCheck } from '../../../src/lint/run-check.js';
import { appPlan } from '../../../src/init/app-plan.js';
import { dockerfile } from '../../../src/init/write-dockerfile.js';
import { detectRuntime } from '../../../src/init/detect-runtime.js';
import { goMain, nodeEntry, pythonCommand } from '../../../src/init/entry.js';
import { dockerignore, envExample, stackFile } from '../../../src/init/templates.js';

describe('detectRuntime', () => {
  it('names the runtime and the file that gave it away', () => {
    expect(detectRuntime(['go.mod', 'main.go'])).toEqual({ runtime: 'go', evidence: ['go.mod'] });
    expect(detectRuntime(['package.json'])).toEqual({ runtime: 'node', evidence: ['package.json'] });
    expect(detectRuntime(['requirements.txt', 'app.py'])).toEqual({ runtime: 'python', evidence: ['requirements.txt'] });
  });

  it('does not guess when there is none, or more than one', () => {
    expect(detectRuntime(['README.md']).runtime).toBeUndefined();
    expect(detectRuntime(['package.json', 'go.mod'])).toEqual({ evidence: ['go.mod', 'package.json'] });
  });
});

describe('generated files', () => {
  it.each(['go', 'node', 'python'] as const)('a %s stack file loads cleanly with the app waiting for its data services', async (runtime) => {
    const dir = mkdtempSync(join(tmpdir(), 'init-'));
    writeFileSync(join(dir, 'devstack.yml'), stackFile('shop', runtime, ['postgres', 'redis', 'prometheus']));
    writeFileSync(join(dir, '.env'), envExample(runtime, ['postgres', 'redis', 'prometheus']));
    const stack = await loadStack({ cwd: dir, env: {}, builtinProfilesDir: resolve(import.meta.dirname, '../../../profiles') });
    expect(Object.keys(stack.services).sort()).toEqual(['app', 'postgres', 'prometheus', 'redis']);
    expect(Object.keys(stack.services.app!.dependsOn).sort()).toEqual(['postgres', 'redis']);
    expect(stack.services.postgres!.environment.POSTGRES_PASSWORD).toBe('change-me');
  });

  it('keeps secrets and the repository out of the build context, but not .env.example', () => {
    const lines = dockerignore('node').split('\n');
    expect(lines).toEqual(expect.arrayContaining(['.git', '.env', '.env.*', '!.env.example', 'node_modules/']));
    expect(lines.indexOf('!.env.example')).toBeGreaterThan(lines.indexOf('.env.*'));
  });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'init-entry-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the entry point init finds', () => {
  it('node: scripts.dev, then scripts.start, then main, then the usual names; only files that exist', () => {
    const both = project({
      'package.json': JSON.stringify({ main: 'lib/index.js', scripts: { dev: 'node --watch src/server.js', start: 'node app.js' } }),
      'src/server.js': '',
      'app.js': '',
      'lib/index.js': '',
    });
    expect(nodeEntry(both)).toEqual({ value: 'src/server.js', from: 'package.json scripts.dev' });
    const start = project({ 'package.json': JSON.stringify({ scripts: { dev: 'next dev', start: 'nodemon --inspect ./server.mjs' } }), 'server.mjs': '' });
    expect(nodeEntry(start)).toEqual({ value: 'server.mjs', from: 'package.json scripts.start' });
    expect(nodeEntry(project({ 'package.json': JSON.stringify({ main: 'lib' }), 'lib/index.js': '' }))).toEqual({
      value: 'lib/index.js',
      from: 'package.json main',
    });
    expect(nodeEntry(project({ 'package.json': JSON.stringify({ main: 'gone.js' }), 'index.js': '' }))).toEqual({ value: 'index.js', from: 'index.js' });
    expect(nodeEntry(project({ 'package.json': '{not json' }))).toBeUndefined();
  });

  it('go: the main package at the top, or the first under cmd/', () => {
    expect(goMain(project({ 'go.mod': 'module x\n', 'main.go': '' }))).toEqual({ value: '.', from: 'main.go' });
    expect(goMain(project({ 'go.mod': 'module x\n', 'cmd/zeta/main.go': '', 'cmd/api/main.go': '' }))).toEqual({ value: './cmd/api', from: 'cmd/api/main.go' });
  });

  it('python: a package with __main__.py, else a top-level script', () => {
    expect(pythonCommand(project({ 'requirements.txt': '', 'shop/__main__.py': '' }))).toEqual({ value: 'python -m shop', from: 'shop/__main__.py' });
    expect(pythonCommand(project({ 'pyproject.toml': '', 'main.py': '' }))).toEqual({ value: 'python main.py', from: 'main.py' });
    expect(pythonCommand(project({ 'manage.py': '' }))?.value).toBe('python manage.py runserver 0.0.0.0:8080');
  });
});

describe('what init writes for the app', () => {
  it('a Dockerfile only where none exists, multi-stage with the dev stage, non-root, passing check', async () => {
    for (const [runtime, files] of [
      ['node', { 'package.json': JSON.stringify({ scripts: { start: 'node src/main.js' } }), 'package-lock.json': '{}', 'src/main.js': '' }],
      ['go', { 'go.mod': 'module x\n', 'main.go': '' }],
      ['python', { 'pyproject.toml': '[project]\nname = "x"\n', 'app/__main__.py': '' }],
    ] as const) {
      const dir = project(files);
      const plan = appPlan(runtime, dir, Object.keys(files));
      const text = plan.files.Dockerfile!;
      expect(text).toMatch(/^FROM \S+ AS dev$/m);
      expect(text).toMatch(/^FROM \S+ AS prod$/m);
      expect(text).toMatch(/^USER (node|1000|app|nonroot)$/m);
      writeFileSync(join(dir, 'Dockerfile'), text);
      writeFileSync(join(dir, '.dockerignore'), dockerignore(runtime));
      writeFileSync(join(dir, 'devstack.yml'), stackFile('x', runtime, [], plan.overrides));
      if (plan.files['.air.toml']) writeFileSync(join(dir, '.air.toml'), plan.files['.air.toml']);
      const result = await runCheck({ cwd: dir, paths: [], env: {}, builtinProfilesDir: resolve(import.meta.dirname, '../../../profiles') });
      expect(result.findings.map((f) => `${runtime}: ${f.ruleId} ${f.message}`)).toEqual([]);
      expect(appPlan(runtime, dir, [...Object.keys(files), 'Dockerfile']).files.Dockerfile).toBeUndefined();
    }
  });

  it('node: the detected entry runs under node --watch, with its folder mounted; npm ci only with a lockfile', async () => {
    const lib = project({ 'package.json': JSON.stringify({ main: 'lib/app.js' }), 'lib/app.js': '' });
    const plan = appPlan('node', lib, ['package.json', 'lib']);
    expect(plan.overrides).toEqual({ command: ['node', '--watch', 'lib/app.js'], volumes: ['${DEVSTACK_PROJECT_DIR}/lib:/app/lib:ro'] });
    expect(plan.files.Dockerfile).toContain('RUN npm install --no-audit --no-fund && npm cache clean --force');
    expect(plan.files.Dockerfile).toContain('CMD ["node", "lib/app.js"]');
    expect(plan.notes[0]).toBe('App entry: lib/app.js (from package.json main).');
    writeFileSync(join(lib, 'devstack.yml'), stackFile('lib', 'node', [], plan.overrides));
    const loaded = await loadStack({ cwd: lib, env: {}, builtinProfilesDir: resolve(import.meta.dirname, '../../../profiles') });
    expect(loaded.services.app!.command).toEqual(['node', '--watch', 'lib/app.js']);
    expect(loaded.services.app!.volumes).toEqual([{ type: 'bind', source: join(lib, 'lib'), target: '/app/lib', readOnly: true }]);
    const top = appPlan('node', project({ 'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }), 'server.js': '' }), [
      'package.json',
      'server.js',
    ]);
    expect(top.overrides).toEqual({ command: ['node', '--watch', 'server.js'], volumes: [] });
    expect(appPlan('node', project({ 'package.json': '{}', 'src/index.js': '' }), ['package.json']).overrides).toEqual({});
  });

  it('keeps a Dockerfile of the user, and says when it lacks the dev stage the profile builds', () => {
    const dir = project({ 'package.json': '{}', 'src/index.js': '', Dockerfile: 'FROM node:20-slim\nCMD ["node", "src/index.js"]\n' });
    const plan = appPlan('node', dir, ['package.json', 'src', 'Dockerfile']);
    expect(plan.files).toEqual({});
    expect(plan.notes).toContainEqual(expect.stringContaining('Your Dockerfile has no `dev` stage'));
  });
});

describe('a Dockerfile for a folder that has no manifest yet', () => {
  it('copies and installs nothing it does not have (init --runtime in an empty folder)', () => {
    const node = dockerfile('node', { files: [], entry: 'src/index.js' });
    expect(node).not.toMatch(/package\.json|npm /);
    expect(node).toMatch(/^FROM base AS dev$/m);
    expect(dockerfile('go', { files: [], entry: '.' })).not.toContain('go.mod');
    expect(dockerfile('python', { files: [], entry: 'python -m app' })).not.toMatch(/pip install|COPY requirements/);
  });
});
