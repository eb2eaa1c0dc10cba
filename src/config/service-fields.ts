import type { RestartPolicy } from '../model/stack.js';
import type { Context } from './read-context.js';
import { didYouMean } from '../model/did-you-mean.js';
import { checkKeys, readMap, readString, wrongType } from './readers.js';
import { readKeyed } from './keyed.js';
import { childPath } from './tree.js';
import { shellSplit } from './shell-split.js';
import { itemPath, type TreeNode } from './tree.js';
import { parseBytes } from './units.js';

/** `command:`/`entrypoint:`: a string is split like a shell would (without running one), a list is taken as is. */
export function readCommand(node: TreeNode, path: string, ctx: Context): string[] | undefined {
  if (node.kind === 'seq') {
    const words = node.items.map((item, i) => readString(item, itemPath(path, i), ctx));
    return words.every((word) => word !== undefined) ? (words as string[]) : undefined;
  }
  if (node.kind !== 'scalar' || typeof node.value !== 'string') return wrongType(node, path, 'a string or a list', ctx);
  const split = shellSplit(node.value);
  if ('words' in split) return split.words;
  ctx.problems.add(node.at, path, `${split.error} in "${node.value.slice(0, 60)}"`, 'close the quote, or write the command as a list');
  return undefined;
}

const POLICIES: RestartPolicy[] = ['no', 'always', 'unless-stopped', 'on-failure'];

export function readRestart(node: TreeNode, path: string, ctx: Context): { restart?: RestartPolicy; restartMaxRetries?: number } {
  const text = readString(node, path, ctx);
  if (text === undefined) return {};
  const match = /^(no|always|unless-stopped|on-failure)$|^on-failure:(\d{1,9})$/.exec(text);
  if (match) return match[1] ? { restart: match[1] as RestartPolicy } : { restart: 'on-failure', restartMaxRetries: Number(match[2]) };
  ctx.problems.add(node.at, path, `unknown restart policy "${text}"`, didYouMean(text, POLICIES) ?? 'use no, always, unless-stopped or on-failure[:N]');
  return {};
}

export function readBytes(node: TreeNode, path: string, ctx: Context): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isSafeInteger(node.value) && node.value > 0) return node.value;
  const text = readString(node, path, ctx);
  const bytes = text === undefined ? undefined : parseBytes(text);
  if (text !== undefined && !bytes) ctx.problems.add(node.at, path, `invalid size "${text}"`, 'write bytes, or a size such as 512m, 1g or 1.5GB');
  return bytes || undefined;
}

export function readCpus(node: TreeNode, path: string, ctx: Context): number | undefined {
  const text = readString(node, path, ctx);
  const cpus = text === undefined || !/^\d+(\.\d+)?$|^\.\d+$/.test(text) ? undefined : Number(text);
  if (text !== undefined && !cpus) ctx.problems.add(node.at, path, `invalid cpus "${text}"`, 'write a positive number such as 0.5 or 2');
  return cpus || undefined;
}

/** `security_opt:`, `cap_add:`: a list of strings. */
export function readStringList(node: TreeNode, path: string, ctx: Context): string[] | undefined {
  if (node.kind !== 'seq') return wrongType(node, path, 'a list of strings', ctx);
  const items = node.items.map((item, i) => readString(item, itemPath(path, i), ctx));
  return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
}

/** `logging: {driver, options}`; the driver defaults to the engine's (json-file) as in Compose. */
export function readLogging(node: TreeNode, path: string, ctx: Context): { logging?: { driver: string; options: Record<string, string> } } {
  const map = readMap(node, path, ctx);
  if (!map) return {};
  checkKeys(map, path, ['driver', 'options'], ctx);
  const driverNode = map.entries.get('driver')?.value;
  const optionsNode = map.entries.get('options')?.value;
  const driver = driverNode ? readString(driverNode, childPath(path, 'driver'), ctx) : 'json-file';
  const options = optionsNode ? readKeyed(optionsNode, childPath(path, 'options'), ctx, () => '') : {};
  return driver === undefined ? {} : { logging: { driver, options } };
}
