import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import { loadStack, type LoadOptions } from '../../../src/config/index.js';
import { ConfigError, type ConfigProblem } from '../../../src/errors.js';
import type { StackSpec } from '../../../src/model/stack.js';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/config');
export const PROFILES = join(FIXTURES, 'profiles');

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Lines joined with newlines, so a test reads its line numbers off the array. */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** A throw-away project folder holding the given files (relative path → content). */
export async function project(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'devstack-config-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

export function load(cwd: string, options: Partial<LoadOptions> = {}): Promise<StackSpec> {
  return loadStack({ cwd, env: { HOME: '/home/dev' }, builtinProfilesDir: PROFILES, ...options });
}

/** Loads a one-file project and returns the stack. */
export async function loadYaml(yaml: string, options: Partial<LoadOptions> = {}): Promise<StackSpec> {
  return load(await project({ 'devstack.yml': yaml }), options);
}

/** The problems a load reports; fails the test when it loads, or throws anything but ConfigError. */
export async function problemsOf(loading: Promise<unknown>): Promise<ConfigProblem[]> {
  const error = await loading.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

/** Problems of a one-file project, with the file reduced to its base name for short assertions. */
export async function problemsOfYaml(yaml: string, options: Partial<LoadOptions> = {}): Promise<ConfigProblem[]> {
  const problems = await problemsOf(loadYaml(yaml, options));
  return problems.map((problem) => ({ ...problem, file: problem.file.split('/').pop()! }));
}
