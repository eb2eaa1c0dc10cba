import { interpolate } from './interpolate.js';
import type { Problems } from './problems.js';
import { childPath, itemPath, type MapEntry, type TreeNode } from './tree.js';

/**
 * Interpolates every string value (keys stay as written, as in Compose). Nodes shared through YAML
 * aliases are done once, so a bad value written once is reported once.
 */
export function interpolateTree(
  node: TreeNode,
  path: string,
  lookup: (name: string) => string | undefined,
  problems: Problems,
  allowUnset = false,
  done = new Map<TreeNode, TreeNode>(),
): TreeNode {
  const cached = done.get(node);
  if (cached) return cached;
  let result: TreeNode;
  if (node.kind === 'map') {
    const entries = new Map<string, MapEntry>();
    for (const [key, entry] of node.entries) {
      entries.set(key, { ...entry, value: interpolateTree(entry.value, childPath(path, key), lookup, problems, allowUnset, done) });
    }
    result = { ...node, entries };
  } else if (node.kind === 'seq') {
    result = { ...node, items: node.items.map((item, i) => interpolateTree(item, itemPath(path, i), lookup, problems, allowUnset, done)) };
  } else if (typeof node.value === 'string') {
    const { value, errors } = interpolate(node.value, lookup, allowUnset);
    for (const error of errors) problems.add(node.at, path, error.message, error.hint);
    if (errors.length > 0) problems.settle(node.at);
    result = { kind: 'scalar', value, at: node.at, ...(node.tag ? { tag: node.tag } : {}) };
  } else {
    result = node;
  }
  done.set(node, result);
  return result;
}
