import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problems } from './problems.js';
import { fileLevel } from './problems.js';

/** devstack's own names first; a plain Compose project is a valid stack too. */
const DEFAULT_NAMES = ['devstack.yml', 'devstack.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

/** The stack files in merge order: the `-f` files as given, else the first default name found in cwd. */
export async function locateStackFiles(cwd: string, files: string[] | undefined, problems: Problems): Promise<string[]> {
  if (files && files.length > 0) return files.map((file) => resolve(cwd, file));
  for (const name of DEFAULT_NAMES) {
    const candidate = join(cwd, name);
    if (await isFile(candidate)) return [candidate];
  }
  problems.add(fileLevel(join(cwd, DEFAULT_NAMES[0]!)), '', `no stack file in ${cwd} (looked for ${DEFAULT_NAMES.join(', ')})`, 'create devstack.yml here, or pass -f FILE');
  return [];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
