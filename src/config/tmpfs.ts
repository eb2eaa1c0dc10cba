import type { MountSpec } from '../model/stack.js';
import type { Context } from './read-context.js';
import { readString, wrongType } from './readers.js';
import { itemPath, type TreeNode } from './tree.js';
import { parseBytes } from './units.js';

/** Compose's short `tmpfs:` form: a path or a list of `PATH[:size=64m,...]`; only `size` shapes the mount here. */
export function readTmpfs(node: TreeNode, path: string, ctx: Context): MountSpec[] | undefined {
  const items =
    node.kind === 'seq' ? node.items.map((item, i) => [item, itemPath(path, i)] as const) : node.kind === 'scalar' ? [[node, path] as const] : undefined;
  if (!items) return wrongType(node, path, 'a path or a list of paths', ctx);
  const mounts: MountSpec[] = [];
  for (const [item, at] of items) {
    const text = readString(item, at, ctx);
    if (text === undefined) continue;
    const [target, options = ''] = text.split(/:(.*)/s, 2) as [string, string?];
    if (!target.startsWith('/')) {
      ctx.problems.add(item.at, at, `tmpfs path "${target}" is not absolute`, 'write the path inside the container, e.g. /tmp');
      continue;
    }
    const size = /(?:^|,)size=([^,]+)/.exec(options)?.[1];
    const sizeBytes = size === undefined ? undefined : parseBytes(size);
    if (size !== undefined && !sizeBytes) ctx.problems.add(item.at, at, `invalid tmpfs size "${size}"`, 'write a size such as 64m');
    mounts.push({ type: 'tmpfs', target, ...(sizeBytes ? { sizeBytes } : {}) });
  }
  return mounts;
}
