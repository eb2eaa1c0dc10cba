import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { devstack, project } from './helpers.js';

function readJsonc(file: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parse(readFileSync(file, 'utf8'), errors, { allowTrailingComma: true }) as Record<string, unknown>;
  expect(errors).toEqual([]);
  return value;
}

describe('devstack devcontainer', { timeout: 60_000 }, () => {
  it('writes a devcontainer.json for the built service that parses as JSON with comments', async () => {
    const { dir, name } = project('workflows');
    const result = await devstack(['devcontainer', '-p', name], dir);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const file = join(dir, '.devcontainer/devcontainer.json');
    expect(readFileSync(file, 'utf8')).toMatch(/^\/\/ Written by `devstack devcontainer`/);
    expect(readJsonc(file)).toMatchObject({
      name: `${name}: app`,
      build: { dockerfile: '../Dockerfile', context: '..', target: 'builder' },
      initializeCommand: `devstack up db -f devstack.yml -p ${name}`,
      runArgs: [`--network=${name}_default`],
      workspaceFolder: '/app',
      customizations: { devstack: { project: name, service: 'app', stackFiles: ['devstack.yml'] } },
    });
  });

  it("a second run keeps the settings and comments the user added, and updates devstack's own keys", async () => {
    const { dir, name } = project('workflows');
    expect((await devstack(['devcontainer', '-p', name], dir)).code).toBe(0);
    const file = join(dir, '.devcontainer/devcontainer.json');
    const edited = readFileSync(file, 'utf8').replace(/\{/, '{\n  // the team uses zsh\n  "remoteUser": "dev",\n  "postCreateCommand": "make deps",');
    writeFileSync(file, edited);
    const second = await devstack(['devcontainer', '-p', `${name}b`], dir);
    expect(second.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('// the team uses zsh');
    expect(readJsonc(file)).toMatchObject({
      remoteUser: 'dev',
      postCreateCommand: 'make deps',
      name: `${name}b: app`,
      runArgs: [`--network=${name}b_default`],
    });
  });

  it("merges into a file the user wrote, keeping their customizations beside devstack's", async () => {
    const { dir, name } = project('workflows');
    mkdirSync(join(dir, '.devcontainer'));
    const file = join(dir, '.devcontainer/devcontainer.json');
    writeFileSync(file, '{\n  "image": "old:1",\n  // ours\n  "customizations": { "vscode": { "extensions": ["golang.go"] } },\n}\n');
    expect((await devstack(['devcontainer', 'app', '-p', name], dir)).code).toBe(0);
    const merged = readJsonc(file);
    expect(readFileSync(file, 'utf8')).toContain('// ours');
    expect(merged.image).toBeUndefined();
    expect(merged).toMatchObject({ build: { target: 'builder' }, customizations: { vscode: { extensions: ['golang.go'] }, devstack: { service: 'app' } } });
  });

  it('refuses a file that is not JSON with comments, with exit 2, and leaves it as it was', async () => {
    const { dir, name } = project('workflows');
    mkdirSync(join(dir, '.devcontainer'));
    const file = join(dir, '.devcontainer/devcontainer.json');
    writeFileSync(file, '{ "name": ');
    const result = await devstack(['devcontainer', '-p', name], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a JSON object');
    expect(readFileSync(file, 'utf8')).toBe('{ "name": ');
  });
});
