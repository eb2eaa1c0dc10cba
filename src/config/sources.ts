import { dirname } from 'node:path';
import type { Context } from './read-context.js';
import { COMPOSE_KEYS } from './compose-keys.js';
import { parseDotenv } from './dotenv.js';
import { expandDotenv } from './dotenv-expand.js';
import { applyExtends } from './extends.js';
import { applyInclude, mergeIncluded, type IncludeRef } from './include.js';
import { interpolateTree } from './interpolate-tree.js';
import { parseYaml } from './parse.js';
import { fileLevel } from './problems.js';
import { readText } from './read-file.js';
import { checkKeys } from './readers.js';
import { describe, type MapNode } from './tree.js';

const KEYS = {
  project: ['name', 'profiles', 'services', 'volumes', 'networks', 'include', 'version', 'secrets'],
  profile: ['services', 'volumes'],
};
/** include: and extends: may nest; a chain longer than this is a loop the cycle checks did not name. */
const MAX_CHAIN = 32;

export interface Source {
  file: string;
  tree: MapNode;
}

/**
 * One stack or profile file, parsed and interpolated, its `include:` and `extends:` resolved. `dir` is the
 * base of its relative paths. Undefined when the file could not be used; its problems are reported (a missing
 * file through `onMissing`). `chain` lists the files and services being loaded around this one, for cycles.
 */
export async function loadSource(
  file: string,
  dir: string,
  kind: keyof typeof KEYS,
  ctx: Context,
  onMissing: () => void,
  chain: readonly string[] = [],
): Promise<Source | undefined> {
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
  let tree = interpolateTree(parsed, '', ctx.lookup, ctx.problems, ctx.allowUnset) as MapNode;
  checkKeys(tree, '', KEYS[kind], ctx, kind === 'project' ? COMPOSE_KEYS.top : []);
  if (kind === 'profile') return { file, tree };
  if (chain.length > MAX_CHAIN) {
    ctx.problems.add(fileLevel(file), '', `include: and extends: nest more than ${MAX_CHAIN} levels deep`, 'look for a file that includes or extends itself');
    return undefined;
  }
  tree = await applyInclude(tree, ctx, (ref) => loadIncluded(ref, ctx, [...chain, file]));
  tree = await applyExtends(
    tree,
    file,
    ctx,
    async (other, extendsChain) => {
      const missing = () => ctx.problems.add(fileLevel(other), '', `extended file not found: ${other}`, 'extends.file is relative to the file that names it');
      return (await loadSource(other, dirname(other), 'project', ctx, missing, extendsChain))?.tree;
    },
    chain,
  );
  return { file, tree };
}

async function loadIncluded(ref: IncludeRef, ctx: Context, chain: readonly string[]): Promise<MapNode | undefined> {
  const looping = ref.files.find((file) => chain.includes(file));
  if (looping) {
    ctx.problems.add(ref.at, ref.path, `include makes a cycle: ${[...chain, looping].join(' -> ')}`, 'remove one of the includes');
    return undefined;
  }
  const extra: Record<string, string> = {};
  for (const envFile of ref.envFiles) {
    const read = await readText(envFile, ctx.problems);
    if (!read.ok) {
      if (read.missing) ctx.problems.add(ref.at, ref.path, `env file not found: ${envFile}`);
      continue;
    }
    Object.assign(extra, expandDotenv(parseDotenv(read.text, envFile, ctx.problems), ctx.lookup, envFile, ctx.problems));
  }
  const included: Context = { ...ctx, lookup: (name) => ctx.lookup(name) ?? (Object.hasOwn(extra, name) ? extra[name] : undefined) };
  const trees: MapNode[] = [];
  for (const file of ref.files) {
    const missing = () => ctx.problems.add(ref.at, ref.path, `included file not found: ${file}`, 'an include path is relative to the file that names it');
    const source = await loadSource(file, ref.dir, 'project', included, missing, chain);
    if (source) trees.push(source.tree);
  }
  return trees.length === ref.files.length ? mergeIncluded(trees) : undefined;
}
