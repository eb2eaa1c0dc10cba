import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Context } from './read-context.js';
import { closest } from '../model/did-you-mean.js';
import { readString, wrongType } from './readers.js';
import type { Source } from './sources.js';
import { isNull, itemPath, type Origin } from './tree.js';

export interface ProfileRef {
  file: string;
  at: Origin;
  path: string;
}

/**
 * The files named by `profiles:` in each stack file, in order and without repeats. A bare name is a
 * built-in profile; a path is relative to the file that names it. `complete` is false when one is unknown.
 */
export async function profileRefs(sources: Source[], builtinDir: string, ctx: Context): Promise<{ refs: ProfileRef[]; complete: boolean }> {
  const builtin = await builtinProfiles(builtinDir);
  const refs = new Map<string, ProfileRef>();
  let complete = true;
  for (const { tree } of sources) {
    const node = tree.entries.get('profiles')?.value;
    if (!node || isNull(node)) continue;
    if (node.kind !== 'seq') {
      wrongType(node, 'profiles', 'a list', ctx);
      complete = false;
      continue;
    }
    node.items.forEach((item, i) => {
      const path = itemPath('profiles', i);
      const ref = readString(item, path, ctx);
      if (ref === undefined) complete = false;
      else if (ref.includes('/') || /\.ya?ml$/.test(ref)) add(refs, { file: resolve(dirname(item.at.file), ref), at: item.at, path });
      else if (builtin.includes(ref)) add(refs, { file: join(builtinDir, `${ref}.yml`), at: item.at, path });
      else {
        complete = false;
        const guess = closest(ref, builtin);
        const list = `built-in profiles: ${builtin.join(', ') || 'none'}`;
        ctx.problems.add(item.at, path, `unknown profile "${ref}"`, guess ? `did you mean "${guess}"? ${list}` : list);
      }
    });
  }
  return { refs: [...refs.values()], complete };
}

function add(refs: Map<string, ProfileRef>, ref: ProfileRef): void {
  if (!refs.has(ref.file)) refs.set(ref.file, ref);
}

async function builtinProfiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith('.yml'))
      .map((name) => name.slice(0, -'.yml'.length))
      .sort();
  } catch {
    return [];
  }
}
