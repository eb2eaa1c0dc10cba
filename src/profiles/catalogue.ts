import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';

export interface ProfileInfo {
  name: string;
  source: 'built-in' | 'project';
  description: string;
  services: string[];
  file: string;
}

async function describe(file: string, name: string, source: ProfileInfo['source']): Promise<ProfileInfo> {
  let doc: { 'x-devstack-profile'?: { description?: unknown }; services?: Record<string, unknown> } = {};
  try {
    doc = (parse(await readFile(file, 'utf8')) ?? {}) as typeof doc;
  } catch {
    // A broken profile is still listed; `devstack config` reports its problems with positions.
  }
  const description = doc['x-devstack-profile']?.description;
  return { name, source, description: typeof description === 'string' ? description : '(no description)', services: Object.keys(doc.services ?? {}), file };
}

/** Built-in profiles, then the path profiles the project's stack file lists. */
export async function listProfiles(builtinDir: string, stackFile: string | undefined): Promise<ProfileInfo[]> {
  const builtin = (await readdir(builtinDir)).filter((f) => f.endsWith('.yml')).sort();
  const list = await Promise.all(builtin.map((f) => describe(join(builtinDir, f), basename(f, '.yml'), 'built-in')));
  if (!stackFile || !existsSync(stackFile)) return list;
  const stack = parse(await readFile(stackFile, 'utf8')) as { profiles?: unknown } | null;
  const refs = Array.isArray(stack?.profiles) ? stack.profiles.filter((p): p is string => typeof p === 'string') : [];
  const paths = refs.filter((ref) => ref.includes('/') || /\.ya?ml$/.test(ref));
  const dir = resolve(stackFile, '..');
  const project = await Promise.all(paths.map((ref) => describe(resolve(dir, ref), relative(dir, resolve(dir, ref)), 'project')));
  return [...list, ...project];
}
