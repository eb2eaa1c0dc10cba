import { COMPOSE_KEYS } from './compose-keys.js';
import type { HealthcheckSpec } from '../model/stack.js';
import type { Context } from './read-context.js';
import { checkKeys, readBool, readDuration, readInt, readMap, readString, wrongType } from './readers.js';
import { childPath, itemPath, type TreeNode } from './tree.js';

const KEYS = ['test', 'interval', 'timeout', 'start_period', 'start_interval', 'retries', 'disable'];
const DURATIONS = [
  ['interval', 'intervalMs'],
  ['timeout', 'timeoutMs'],
  ['start_period', 'startPeriodMs'],
  ['start_interval', 'startIntervalMs'],
] as const;

export function readHealthcheck(node: TreeNode, path: string, ctx: Context): HealthcheckSpec | undefined {
  const map = readMap(node, path, ctx);
  if (!map) return undefined;
  checkKeys(map, path, KEYS, ctx, COMPOSE_KEYS.healthcheck);
  const field = (key: string) => map.entries.get(key)?.value;
  const disable = field('disable');
  if (disable && readBool(disable, childPath(path, 'disable'), ctx)) return { test: ['NONE'] };
  const testNode = field('test');
  if (!testNode) return void ctx.problems.add(map.at, path, 'a healthcheck needs test:', 'write test: ["CMD", "pg_isready"], or disable: true');
  const test = readTest(testNode, childPath(path, 'test'), ctx);
  const timing: Omit<HealthcheckSpec, 'test'> = {};
  for (const [key, prop] of DURATIONS) {
    const value = field(key);
    const ms = value && readDuration(value, childPath(path, key), ctx);
    if (ms !== undefined) timing[prop] = ms;
  }
  const retries = field('retries');
  const count = retries && readInt(retries, childPath(path, 'retries'), ctx);
  if (count !== undefined) timing.retries = count;
  return test ? { test, ...timing } : undefined;
}

/** A string runs in the image's shell, as in Compose; a list must say how it runs. */
function readTest(node: TreeNode, path: string, ctx: Context): string[] | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return ['CMD-SHELL', node.value];
  if (node.kind !== 'seq') return wrongType(node, path, 'a string or a list', ctx);
  const words = node.items.map((item, i) => readString(item, itemPath(path, i), ctx));
  if (words.some((word) => word === undefined)) return undefined;
  const [first] = words;
  if (first !== 'CMD' && first !== 'CMD-SHELL' && first !== 'NONE') {
    ctx.problems.add(
      node.at,
      path,
      `a healthcheck test list starts with CMD, CMD-SHELL or NONE, not ${first === undefined ? 'nothing' : `"${first}"`}`,
      `write ["CMD", ${words.map((w) => JSON.stringify(w)).join(', ')}]`,
    );
    return undefined;
  }
  return words as string[];
}
