import { asKeyedMap } from './keyed.js';
import { isNull, type TreeNode } from './tree.js';

/** Where list and mapping forms mean the same thing, so two files merge by key rather than replace. */
function mergesByKey(path: readonly string[]): boolean {
  const [section, , ...rest] = path;
  const tail = rest.join('.');
  return (section === 'services' && ['environment', 'labels', 'build.labels'].includes(tail)) || (section === 'volumes' && tail === 'labels');
}

/**
 * Compose's override rule: mappings merge key by key, anything else is replaced by the later file.
 * Entries keep the position of the file that wrote them, so problems point at the right file.
 */
export function mergeTrees(base: TreeNode, over: TreeNode, path: readonly string[] = []): TreeNode {
  if (mergesByKey(path)) {
    const before = asKeyedMap(base);
    const after = asKeyedMap(over);
    if (before && after) return { kind: 'map', entries: new Map([...before.entries, ...after.entries]), at: over.at };
  }
  // `data:` with nothing under it declares, it does not erase what an earlier file said.
  if (base.kind === 'map' && isNull(over)) return base;
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  const entries = new Map(base.entries);
  for (const [key, entry] of over.entries) {
    const previous = entries.get(key);
    entries.set(key, previous ? { ...entry, value: mergeTrees(previous.value, entry.value, [...path, key]) } : entry);
  }
  return { kind: 'map', entries, at: over.at };
}
