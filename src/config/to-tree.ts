import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Problems } from './problems.js';
import type { MapEntry, MapNode, MergeTag, Origin, ScalarValue, TreeNode } from './tree.js';

/** Deeper nesting than this is never a stack file, and would exhaust the call stack of later stages. */
const MAX_DEPTH = 64;
/** Aliases may repeat at most this many nodes in total: a guard against "billion laughs" files. */
const MAX_ALIAS_EXPANSION = 100_000;

interface Built {
  node: TreeNode;
  /** Nodes in the tree once aliases are expanded, and its height: both bound the work of later stages. */
  size: number;
  height: number;
}

class Abort {
  constructor(
    readonly at: Origin,
    readonly message: string,
  ) {}
}

type Where = (offset: number) => Origin;

/** Converts a parsed document, resolving aliases and `<<` merge keys in document order, in one linear pass. */
export function toTree(contents: Node | null, where: Where, problems: Problems): TreeNode | undefined {
  if (contents === null) return { kind: 'map', entries: new Map(), at: where(0) };
  try {
    return new Converter(where).build(contents, 0).node;
  } catch (error) {
    if (!(error instanceof Abort)) throw error;
    problems.add(error.at, '', error.message);
    return undefined;
  }
}

class Converter {
  private readonly anchors = new Map<string, Built>();
  private expanded = 0;

  constructor(private readonly where: Where) {}

  build(node: Node, depth: number): Built {
    const at = this.where(node.range?.[0] ?? 0);
    if (depth > MAX_DEPTH) throw new Abort(at, `nesting deeper than ${MAX_DEPTH} levels`);
    const built = isAlias(node)
      ? this.alias(node, at)
      : isMap(node)
        ? this.map(node, at, depth)
        : isSeq(node)
          ? this.seq(node.items, at, depth)
          : this.scalar(node, at);
    if (built.height > MAX_DEPTH) throw new Abort(at, `nesting deeper than ${MAX_DEPTH} levels`);
    const tag = isAlias(node) ? undefined : mergeTag(node.tag);
    const tagged = tag ? { ...built, node: { ...built.node, tag } } : built;
    if (!isAlias(node) && node.anchor) this.anchors.set(node.anchor, tagged);
    return tagged;
  }

  private alias(node: Alias, at: Origin): Built {
    const target = this.anchors.get(node.source);
    if (!target) throw new Abort(at, `unknown alias *${node.source}: define &${node.source} before using it`);
    this.expanded += target.size;
    if (this.expanded > MAX_ALIAS_EXPANSION) throw new Abort(at, `aliases expand to more than ${MAX_ALIAS_EXPANSION} values; simplify the anchors`);
    return target;
  }

  private scalar(node: Node | null, at: Origin): Built {
    const raw = isScalar(node) ? node.value : null;
    const value: ScalarValue =
      raw === null || raw === undefined ? null : typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    const source = isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
    return { node: { kind: 'scalar', value, ...(source !== undefined ? { source } : {}), at }, size: 1, height: 1 };
  }

  private seq(items: unknown[], at: Origin, depth: number): Built {
    const built = items.map((item) => this.build(item as Node, depth + 1));
    return { node: { kind: 'seq', items: built.map((b) => b.node), at }, ...measure(built) };
  }

  private map(node: YAMLMap, at: Origin, depth: number): Built {
    const entries = new Map<string, MapEntry>();
    const children: Built[] = [];
    const mergeSources: MapNode[] = [];
    for (const pair of node.items as Array<Pair<Node | null, Node | null>>) {
      const keyAt = this.where(pair.key?.range?.[0] ?? node.range?.[0] ?? 0);
      const value = pair.value ? this.build(pair.value, depth + 1) : this.scalar(null, this.where(pair.key?.range?.[1] ?? 0));
      children.push(value);
      if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
        mergeSources.push(...mergeSourcesOf(value.node, keyAt));
        continue;
      }
      if (pair.key !== null && !isScalar(pair.key)) throw new Abort(keyAt, 'keys must be plain strings');
      const key = pair.key === null || pair.key.value === null ? '' : String(pair.key.value);
      entries.set(key, { key, keyAt, value: value.node });
    }
    // Explicit keys win over merged ones, and earlier merge sources over later ones (YAML merge key spec).
    for (const source of mergeSources) {
      for (const entry of source.entries.values()) if (!entries.has(entry.key)) entries.set(entry.key, entry);
    }
    return { node: { kind: 'map', entries, at }, ...measure(children) };
  }
}

function mergeTag(tag: string | undefined): MergeTag | undefined {
  return tag === '!reset' ? 'reset' : tag === '!override' ? 'override' : undefined;
}

function mergeSourcesOf(value: TreeNode, at: Origin): MapNode[] {
  return (value.kind === 'seq' ? value.items : [value]).map((source) => {
    if (source.kind !== 'map') throw new Abort(at, '<< takes a mapping or a list of mappings');
    return source;
  });
}

function measure(children: Built[]): { size: number; height: number } {
  let size = 1;
  let height = 0;
  for (const child of children) {
    size += child.size;
    height = Math.max(height, child.height);
  }
  return { size, height: height + 1 };
}
