import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStack } from '../../../src/config/index.js';
import { detectRuntime } from '../../../src/init/detect.js';
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
