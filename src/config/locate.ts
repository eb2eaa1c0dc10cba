import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Problems } from './problems.js';
import { fileLevel } from './problems.js';

/** devstack's own names first; then Compose's, in Compose's order of preference (compose-go `DefaultFileNames`). */
const DEFAULT_NAMES = ['devstack.yml', 'devstack.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** Merged over a Compose file found by its default name, as Compose does (compose-go `DefaultOverrideFileNames`). */
export const OVERRIDE_NAMES = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/**
 * The stack files in merge order: the `-f` files as given, else `COMPOSE_FILE` (split on
 * `COMPOSE_PATH_SEPARATOR`, default ":"), else the first default name found in cwd (or its nearest parent
 * that has one) with its override file.
 */
export async function locateStackFiles(
  cwd: string,
  files: string[] | undefined,
  problems: Problems,
  env: Record<string, string | undefined> = {},
): Promise<string[]> {
  if (files && files.length > 0) return files.map((file) => resolve(cwd, file));
  const fromEnv = env.COMPOSE_FILE?.split(env.COMPOSE_PATH_SEPARATOR || ':').filter((file) => file !== '');
  if (fromEnv && fromEnv.length > 0) return fromEnv.map((file) => resolve(cwd, file));
  // Like Compose, a folder without a stack file defers to the nearest parent folder that has one.
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = await defaultFiles(dir);
    if (found) return found;
    if (dirname(dir) === dir) break;
  }
  problems.add(
    fileLevel(join(cwd, DEFAULT_NAMES[0]!)),
    '',
    `no stack file in ${cwd} (looked for ${DEFAULT_NAMES.join(', ')})`,
    'create devstack.yml here, or pass -f FILE',
  );
  return [];
}

async function defaultFiles(dir: string): Promise<string[] | undefined> {
  for (const name of DEFAULT_NAMES) {
    const candidate = join(dir, name);
    if (!(await isFile(candidate))) continue;
    if (name.startsWith('devstack.')) return [candidate];
    for (const override of OVERRIDE_NAMES) if (await isFile(join(dir, override))) return [candidate, join(dir, override)];
    return [candidate];
  }
  return undefined;
}

/** The Compose file Compose itself would read in `dir`, ignoring devstack.yml: for `devstack import`. */
export async function locateComposeFile(dir: string): Promise<string | undefined> {
  for (const name of DEFAULT_NAMES.filter((candidate) => !candidate.startsWith('devstack.'))) if (await isFile(join(dir, name))) return join(dir, name);
  return undefined;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
