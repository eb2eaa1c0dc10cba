/**
 * YAML as plain nodes that remember where they were written, so that every later stage
 * (interpolation, merging, validation) can point a problem at the right file, line and column.
 */

export interface Origin {
  file: string;
  line: number;
  column: number;
  /** Base for relative paths written in this node: the project dir, or a profile's own folder. */
  dir: string;
}

export type ScalarValue = string | number | boolean | null;

/** Compose's merge tags: `!reset` removes what earlier files said, `!override` replaces instead of merging. */
export type MergeTag = 'reset' | 'override';

export interface ScalarNode {
  tag?: MergeTag;
  kind: 'scalar';
  value: ScalarValue;
  /** The text as written, so `1.10` stays `1.10` when it becomes an environment value. */
  source?: string;
  at: Origin;
}

export interface SeqNode {
  tag?: MergeTag;
  kind: 'seq';
  items: TreeNode[];
  at: Origin;
}

export interface MapEntry {
  key: string;
  keyAt: Origin;
  value: TreeNode;
}

export interface MapNode {
  tag?: MergeTag;
  kind: 'map';
  entries: Map<string, MapEntry>;
  at: Origin;
}

export type TreeNode = ScalarNode | SeqNode | MapNode;

export function describe(node: TreeNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'null';
  return `a ${typeof node.value}`;
}

export function childPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function itemPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

export function isNull(node: TreeNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** Compose's stringification: numbers as written, booleans as `true`/`false`. */
export function scalarText(node: ScalarNode): string {
  if (node.value === null) return '';
  if (typeof node.value === 'number') return node.source ?? String(node.value);
  return String(node.value);
}

/** For blocks kept as written (`develop:`, `x-devstack:`). */
export function toPlain(node: TreeNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(toPlain);
  return Object.fromEntries([...node.entries.values()].map((entry) => [entry.key, toPlain(entry.value)]));
}
