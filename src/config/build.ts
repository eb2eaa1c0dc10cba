import { COMPOSE_KEYS } from './compose-keys.js';
import { resolve } from 'node:path';
import type { BuildSpec } from '../model/stack.js';
import type { Context } from './context.js';
import { readKeyed } from './keyed.js';
import { checkKeys, readString, wrongType } from './readers.js';
import { childPath, type TreeNode } from './tree.js';

/** A context is resolved against the folder of the file that wrote it: a profile's own folder, or the project dir. */
export function readBuild(node: TreeNode, path: string, ctx: Context): BuildSpec | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return contextOnly(node.value, node, path, ctx);
  if (node.kind !== 'map') return wrongType(node, path, 'a string or a mapping', ctx);
  checkKeys(node, path, ['context', 'dockerfile', 'target', 'args', 'labels'], ctx, COMPOSE_KEYS.build);
  const field = (key: string) => node.entries.get(key)?.value;
  const read = (key: string) => {
    const value = field(key);
    return value && readString(value, childPath(path, key), ctx);
  };
  const contextNode = field('context') ?? { kind: 'scalar', value: '.', at: node.at };
  const context = readString(contextNode, childPath(path, 'context'), ctx);
  const base = context === undefined ? undefined : contextOnly(context, contextNode, childPath(path, 'context'), ctx);
  const dockerfile = read('dockerfile');
  const target = read('target');
  const args = field('args');
  const labels = field('labels');
  if (!base) return undefined;
  return {
    ...base,
    ...(dockerfile !== undefined ? { dockerfile } : {}),
    ...(target !== undefined ? { target } : {}),
    args: args ? readKeyed(args, childPath(path, 'args'), ctx, ctx.lookup) : {},
    labels: labels ? readKeyed(labels, childPath(path, 'labels'), ctx, () => '') : {},
  };
}

function contextOnly(context: string, node: TreeNode, path: string, ctx: Context): BuildSpec | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) {
    return void ctx.problems.add(node.at, path, `remote build context "${context}" is not supported`, 'clone it and point context: at the folder');
  }
  return { context: resolve(node.at.dir, context), dockerfile: 'Dockerfile', args: {}, labels: {} };
}
