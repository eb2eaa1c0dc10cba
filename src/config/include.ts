import { dirname, resolve } from 'node:path';
import type { Context } from './read-context.js';
import { mergeTrees } from './merge.js';
import { readString, wrongType, checkKeys } from './readers.js';
import { childPath, isNull, itemPath, toPlain, type MapNode, type Origin, type TreeNode } from './tree.js';

export interface IncludeRef {
  /** Files merged into one model, in order. */
  files: string[];
  /** Base of the included model's relative paths: `project_directory`, else the first file's folder. */
  dir: string;
  envFiles: string[];
  at: Origin;
  path: string;
}

/** Loads one included model (its own includes and extends resolved) with its own project dir and env files. */
export type LoadIncluded = (ref: IncludeRef) => Promise<MapNode | undefined>;

const SECTIONS = ['services', 'volumes', 'networks'];

/**
 * Compose's top-level `include:`: each entry is loaded as its own project (relative paths resolved in its folder)
 * and its services, volumes and networks are added; a name the including file defines too is a conflict.
 */
export async function applyInclude(tree: MapNode, ctx: Context, load: LoadIncluded): Promise<MapNode> {
  const node = tree.entries.get('include')?.value;
  const entries = new Map(tree.entries);
  entries.delete('include');
  if (!node || isNull(node)) return { ...tree, entries };
  if (node.kind !== 'seq') return wrongType(node, 'include', 'a list', ctx) ?? { ...tree, entries };
  let result: MapNode = { ...tree, entries };
  for (const [i, item] of node.items.entries()) {
    const ref = readInclude(item, itemPath('include', i), ctx);
    const included = ref && (await load(ref));
    if (included) result = addResources(result, included, ref!, ctx);
  }
  return result;
}

function readInclude(item: TreeNode, path: string, ctx: Context): IncludeRef | undefined {
  const base = dirname(item.at.file);
  if (item.kind === 'scalar') {
    const file = readString(item, path, ctx);
    return file === undefined ? undefined : { files: [resolve(base, file)], dir: dirname(resolve(base, file)), envFiles: [], at: item.at, path };
  }
  if (item.kind !== 'map') return wrongType(item, path, 'a path or a mapping', ctx);
  checkKeys(item, path, ['path', 'project_directory', 'env_file'], ctx);
  const list = (key: string) => {
    const value = item.entries.get(key)?.value;
    if (!value) return [];
    const items = value.kind === 'seq' ? value.items : [value];
    return items
      .flatMap((entry, j) => readString(entry, value.kind === 'seq' ? itemPath(childPath(path, key), j) : childPath(path, key), ctx) ?? [])
      .map((file) => resolve(base, file));
  };
  const files = list('path');
  if (files.length === 0) return void ctx.problems.add(item.at, path, 'an include entry needs path:', 'write - path: ../other/compose.yaml');
  const [projectDir] = list('project_directory');
  return { files, dir: projectDir ?? dirname(files[0]!), envFiles: list('env_file'), at: item.at, path };
}

function addResources(tree: MapNode, included: MapNode, ref: IncludeRef, ctx: Context): MapNode {
  const entries = new Map(tree.entries);
  for (const section of SECTIONS) {
    const theirs = included.entries.get(section)?.value;
    if (theirs?.kind !== 'map') continue;
    const oursEntry = entries.get(section);
    const ours = oursEntry?.value.kind === 'map' ? oursEntry.value : { kind: 'map' as const, entries: new Map(), at: ref.at };
    const merged = new Map(ours.entries);
    for (const [name, entry] of theirs.entries) {
      // Compose accepts the same definition on both sides (a file included twice); only a different one conflicts.
      if (merged.has(name) && sameDefinition(merged.get(name)!.value, entry.value)) continue;
      if (merged.has(name)) {
        ctx.problems.add(
          ref.at,
          ref.path,
          `${ref.files.join(', ')} defines ${section}.${name}, which this file defines too`,
          `rename one of them; to change an included ${section.slice(0, -1)}, use -f with an override file`,
        );
        continue;
      }
      merged.set(name, entry);
    }
    entries.set(section, { key: section, keyAt: oursEntry?.keyAt ?? ref.at, value: { ...ours, entries: merged } });
  }
  return { ...tree, entries };
}

function sameDefinition(a: TreeNode, b: TreeNode): boolean {
  return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
}

export function mergeIncluded(trees: MapNode[]): MapNode | undefined {
  return trees.length === 0 ? undefined : (trees.reduce((base, over) => mergeTrees(base, over) as MapNode) as MapNode);
}
