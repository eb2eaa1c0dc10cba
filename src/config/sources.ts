import type { Context } from './context.js';
import { interpolateTree } from './interpolate-tree.js';
import { parseYaml } from './parse.js';
import { readText } from './read-file.js';
import { checkKeys } from './readers.js';
import { describe, type MapNode } from './tree.js';

const KEYS = {
  project: ['name', 'profiles', 'services', 'volumes', 'networks'],
  profile: ['services', 'volumes'],
};

export interface Source {
  file: string;
  tree: MapNode;
}

/**
 * One stack or profile file, parsed and interpolated. `dir` is the base of its relative paths.
 * Undefined when the file could not be used; its problems are reported (a missing file through `onMissing`).
 */
export async function loadSource(file: string, dir: string, kind: keyof typeof KEYS, ctx: Context, onMissing: () => void): Promise<Source | undefined> {
  const read = await readText(file, ctx.problems);
  if (!read.ok) {
    if (read.missing) onMissing();
    return undefined;
  }
  const parsed = parseYaml(read.text, file, dir, ctx.problems);
  if (!parsed) return undefined;
  if (parsed.kind !== 'map') {
    ctx.problems.add(parsed.at, '', `expected a mapping with services: at the top of the file, got ${describe(parsed)}`);
    return undefined;
  }
  const tree = interpolateTree(parsed, '', ctx.lookup, ctx.problems) as MapNode;
  checkKeys(tree, '', KEYS[kind], ctx);
  return { file, tree };
}
