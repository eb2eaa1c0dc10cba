import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { locateStackFiles } from '../config/locate.js';
import { Problems } from '../config/problems.js';
import { UsageError } from '../errors.js';

export type CheckPath = { kind: 'stack'; dir: string; files?: string[] } | { kind: 'dockerfile'; file: string };

const DOCKERFILE = /^(Dockerfile|Containerfile)(\..+)?$|\.(dockerfile|containerfile)$/i;

/** What a PATH argument means: a Dockerfile on its own, a stack file, or a folder holding either. */
export async function classifyPath(cwd: string, path: string): Promise<CheckPath> {
  const full = resolve(cwd, path);
  const info = await stat(full).catch(() => undefined);
  if (!info) throw new UsageError(`${path} does not exist`, 'give a project folder, a stack file or a Dockerfile');
  if (info.isFile()) return DOCKERFILE.test(basename(full)) ? { kind: 'dockerfile', file: full } : { kind: 'stack', dir: dirname(full), files: [full] };
  if ((await locateStackFiles(full, undefined, new Problems())).length > 0) return { kind: 'stack', dir: full };
  for (const name of ['Dockerfile', 'Containerfile']) {
    if ((await stat(join(full, name)).catch(() => undefined))?.isFile()) return { kind: 'dockerfile', file: join(full, name) };
  }
  throw new UsageError(`${path} holds neither a stack file nor a Dockerfile`, 'give a project folder, a stack file or a Dockerfile');
}

export async function readLines(file: string): Promise<string[] | undefined> {
  try {
    return (await readFile(file, 'utf8')).split(/\r?\n/);
  } catch {
    return undefined;
  }
}

export async function contextEntries(dir: string): Promise<string[]> {
  return readdir(dir).catch(() => []);
}
