import { asKeyedMap } from './keyed.js';
import { isNull, scalarText, type MapEntry, type MapNode, type Origin, type TreeNode } from './tree.js';

/**
 * Compose's merge rules (compose-go `override/merge.go`, `uncity.go`) over positioned trees: mappings merge
 * key by key, sequences append, scalars are replaced; the special cases are listed below. `!reset` on a later
 * value removes the key, `!override` replaces without merging. Entries keep the position of the file that
 * wrote them, so problems point at the right file.
 */
type Rule = 'keyed' | 'replace' | 'sequence' | 'dependsOn' | 'build' | 'logging' | 'mapping';

const RULES: Array<[string, Rule]> = [
  ['services.*.environment', 'keyed'],
  ['services.*.labels', 'keyed'],
  ['services.*.annotations', 'keyed'],
  ['services.*.sysctls', 'keyed'],
  ['services.*.build.args', 'keyed'],
  ['services.*.build.labels', 'keyed'],
  ['volumes.*.labels', 'keyed'],
  ['networks.*.labels', 'keyed'],
  ['services.*.env_file', 'sequence'],
  ['services.*.dns', 'sequence'],
  ['services.*.dns_search', 'sequence'],
  ['services.*.tmpfs', 'sequence'],
  ['services.*.command', 'replace'],
  ['services.*.entrypoint', 'replace'],
  ['services.*.healthcheck.test', 'replace'],
  ['services.*.depends_on', 'dependsOn'],
  ['services.*.build', 'build'],
  ['services.*.logging', 'logging'],
  ['services.*.networks', 'mapping'],
];

/** Sequences whose items are unique by a key after merging: a later item takes the earlier one's place. */
const UNIQUE: Array<[string, (item: TreeNode) => string | undefined]> = [
  ['services.*.ports', portKey],
  ['services.*.volumes', (item) => (item.kind === 'map' ? text(item.entries.get('target')?.value) : mountTarget(item))],
  ['services.*.env_file', (item) => (item.kind === 'map' ? text(item.entries.get('path')?.value) : text(item))],
  ['services.*.cap_add', keyOf],
  ['services.*.cap_drop', keyOf],
  ['services.*.profiles', keyOf],
  ['services.*.dns', keyOf],
  ['services.*.dns_search', keyOf],
  ['services.*.tmpfs', keyOf],
  ['services.*.expose', keyOf],
  ['services.*.links', keyOf],
];

/**
 * `lists: 'replace'` is devstack's rule for a project overriding a built-in profile's service: a list written
 * in the project (its ports, its volumes) replaces the profile's instead of adding to it.
 */
export type ListRule = 'append' | 'replace';

export function mergeTrees(base: TreeNode, over: TreeNode, path: readonly string[] = [], lists: ListRule = 'append'): TreeNode {
  if (over.tag === 'override') return untagged(over);
  const rule = RULES.find(([pattern]) => matches(pattern, path))?.[1];
  if (rule === 'replace') return over;
  if (rule === 'keyed') {
    const before = asKeyedMap(base);
    const after = asKeyedMap(over);
    if (before && after) return { kind: 'map', entries: new Map([...before.entries, ...after.entries]), at: over.at };
  }
  if (rule === 'sequence' && lists === 'append') {
    const items = (node: TreeNode) => (node.kind === 'seq' ? node.items : isNull(node) ? [] : [node]);
    return unique({ kind: 'seq', items: [...items(base), ...items(over)], at: over.at }, path);
  }
  if (rule === 'dependsOn') return mergeMaps(dependencyMap(base), dependencyMap(over), path, lists);
  if (rule === 'build') return mergeMaps(buildMap(base), buildMap(over), path, lists);
  if (rule === 'mapping') return mergeMaps(namesMap(base), namesMap(over), path, lists);
  if (rule === 'logging' && base.kind === 'map' && over.kind === 'map') {
    const driver = (node: MapNode) => text(node.entries.get('driver')?.value);
    const [a, b] = [driver(base), driver(over)];
    if (a !== undefined && b !== undefined && a !== b) return over;
  }
  // `data:` with nothing under it declares, it does not erase what an earlier file said.
  if (isNull(over)) return base;
  if (base.kind === 'seq' && over.kind === 'seq' && lists === 'append')
    return unique({ kind: 'seq', items: [...base.items, ...over.items], at: over.at }, path);
  if (base.kind !== 'map' || over.kind !== 'map') return over;
  return mergeMaps(base, over, path, lists);
}

function mergeMaps(base: MapNode, over: MapNode, path: readonly string[], lists: ListRule): MapNode {
  const entries = new Map(base.entries);
  for (const [key, entry] of over.entries) {
    if (entry.value.tag === 'reset') {
      entries.delete(key);
      continue;
    }
    const previous = entries.get(key);
    entries.set(key, previous ? { ...entry, value: mergeTrees(previous.value, entry.value, [...path, key], lists) } : entry);
  }
  return { kind: 'map', entries, at: over.at };
}

/** What a single file means once no earlier file is left to reset: `!reset` keys gone, tags dropped. */
export function resolveTags(node: TreeNode): TreeNode {
  if (node.kind === 'scalar') return node.tag ? untagged(node) : node;
  if (node.kind === 'seq') return { kind: 'seq', items: node.items.filter((item) => item.tag !== 'reset').map(resolveTags), at: node.at };
  const entries = new Map<string, MapEntry>();
  for (const [key, entry] of node.entries) if (entry.value.tag !== 'reset') entries.set(key, { ...entry, value: resolveTags(entry.value) });
  return { kind: 'map', entries, at: node.at };
}

/** Compose keeps some sequences unique even within one file: applied to every service of the final tree. */
export function enforceUnique(root: MapNode): MapNode {
  const services = root.entries.get('services')?.value;
  if (services?.kind !== 'map') return root;
  const merged = new Map<string, MapEntry>();
  for (const [name, entry] of services.entries) {
    const service = entry.value;
    if (service.kind !== 'map') {
      merged.set(name, entry);
      continue;
    }
    const fields = new Map<string, MapEntry>();
    for (const [key, field] of service.entries) fields.set(key, { ...field, value: unique(field.value, ['services', name, key]) });
    merged.set(name, { ...entry, value: { ...service, entries: fields } });
  }
  const entries = new Map(root.entries);
  entries.set('services', { ...root.entries.get('services')!, value: { ...services, entries: merged } });
  return { ...root, entries };
}

/** Deduplicates a sequence Compose keeps unique; a later item takes the earlier one's place. */
export function unique(node: TreeNode, path: readonly string[]): TreeNode {
  const key = node.kind === 'seq' ? UNIQUE.find(([pattern]) => matches(pattern, path))?.[1] : undefined;
  if (!key || node.kind !== 'seq') return node;
  const items: TreeNode[] = [];
  const seen = new Map<string, number>();
  for (const item of node.items) {
    const k = key(item);
    const index = k === undefined ? undefined : seen.get(k);
    if (index !== undefined) items[index] = item;
    else {
      if (k !== undefined) seen.set(k, items.length);
      items.push(item);
    }
  }
  return { ...node, items };
}

function matches(pattern: string, path: readonly string[]): boolean {
  const parts = pattern.split('.');
  return parts.length === path.length && parts.every((part, i) => part === '*' || part === path[i]);
}

function untagged<T extends TreeNode>(node: T): T {
  const { tag: _tag, ...rest } = node;
  return rest as T;
}

function text(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? scalarText(node) : undefined;
}

function keyOf(item: TreeNode): string | undefined {
  return text(item)?.split('=')[0];
}

function portKey(item: TreeNode): string | undefined {
  if (item.kind !== 'map') return text(item);
  const field = (name: string, fallback: string) => text(item.entries.get(name)?.value) ?? fallback;
  return `${field('host_ip', '0.0.0.0')}:${field('published', '')}:${field('target', '')}/${field('protocol', 'tcp')}`;
}

function mountTarget(item: TreeNode): string | undefined {
  const parts = text(item)?.split(':');
  return parts && (parts.length === 1 ? parts[0] : parts[1]);
}

function scalar(value: string | boolean | null, at: Origin): TreeNode {
  return { kind: 'scalar', value, at };
}

/** `depends_on: [db]` as the mapping it means, so a later file can add a condition to it. */
function dependencyMap(node: TreeNode): MapNode {
  if (node.kind !== 'seq') return node.kind === 'map' ? node : { kind: 'map', entries: new Map(), at: node.at };
  const entries = new Map<string, MapEntry>();
  for (const item of node.items) {
    const name = text(item);
    if (name === undefined) continue;
    const condition: MapEntry = { key: 'condition', keyAt: item.at, value: scalar('service_started', item.at) };
    const required: MapEntry = { key: 'required', keyAt: item.at, value: scalar(true, item.at) };
    entries.set(name, {
      key: name,
      keyAt: item.at,
      value: {
        kind: 'map',
        entries: new Map([
          ['condition', condition],
          ['required', required],
        ]),
        at: item.at,
      },
    });
  }
  return { kind: 'map', entries, at: node.at };
}

function buildMap(node: TreeNode): MapNode {
  if (node.kind === 'map') return node;
  const entries = new Map<string, MapEntry>();
  if (node.kind === 'scalar' && node.value !== null) entries.set('context', { key: 'context', keyAt: node.at, value: node });
  return { kind: 'map', entries, at: node.at };
}

function namesMap(node: TreeNode): MapNode {
  if (node.kind === 'map') return node;
  const entries = new Map<string, MapEntry>();
  if (node.kind === 'seq')
    for (const item of node.items) if (text(item) !== undefined) entries.set(text(item)!, { key: text(item)!, keyAt: item.at, value: scalar(null, item.at) });
  return { kind: 'map', entries, at: node.at };
}
