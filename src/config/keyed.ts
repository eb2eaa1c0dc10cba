import type { Context } from './read-context.js';
import { wrongType } from './readers.js';
import { childPath, itemPath, scalarText, type MapEntry, type MapNode, type TreeNode } from './tree.js';

/** `KEY=VALUE`, or a bare `KEY` (value undefined). */
function splitAssignment(text: string): { key: string; value: string | undefined } {
  const eq = text.indexOf('=');
  return eq === -1 ? { key: text, value: undefined } : { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/**
 * `environment:`/`labels:` as a mapping whatever form they were written in, so that two files merge key by key.
 * A bare `KEY` becomes a null value, which is what the mapping form means by `KEY:`. Undefined when the node is malformed.
 */
export function asKeyedMap(node: TreeNode): MapNode | undefined {
  if (node.kind === 'map') return node;
  if (node.kind === 'scalar') return node.value === null ? { kind: 'map', entries: new Map(), at: node.at } : undefined;
  const entries = new Map<string, MapEntry>();
  for (const item of node.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return undefined;
    const { key, value } = splitAssignment(item.value);
    if (!key) return undefined;
    entries.set(key, { key, keyAt: item.at, value: { kind: 'scalar', value: value ?? null, at: item.at } });
  }
  return { kind: 'map', entries, at: node.at };
}

/**
 * Reads a list of `KEY=VALUE` or a mapping into strings. `bare` gives the value of a key written
 * without one (environment: from the environment; labels: empty); undefined leaves the key out.
 */
export function readKeyed(node: TreeNode, path: string, ctx: Context, bare: (key: string) => string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) result[key] = value;
  };
  if (node.kind === 'scalar' && node.value === null) return result;
  if (node.kind === 'map') {
    for (const { key, value } of node.entries.values()) {
      if (value.kind !== 'scalar') wrongType(value, childPath(path, key), 'a string, number or boolean', ctx);
      else put(key, value.value === null ? bare(key) : scalarText(value));
    }
  } else if (node.kind === 'seq') {
    node.items.forEach((item, i) => {
      if (item.kind !== 'scalar' || (typeof item.value !== 'string' && typeof item.value !== 'number')) {
        wrongType(item, itemPath(path, i), 'a string like KEY=VALUE', ctx);
        return;
      }
      const { key, value } = splitAssignment(scalarText(item));
      if (!key) ctx.problems.add(item.at, itemPath(path, i), `"${scalarText(item)}" has no name before "="`, 'write KEY=VALUE');
      else put(key, value ?? bare(key));
    });
  } else {
    wrongType(node, path, 'a list or a mapping', ctx);
  }
  return result;
}
