import type { RestartPolicy } from '../model/stack.js';
import type { Context } from './context.js';
import { didYouMean } from './did-you-mean.js';
import { readString, wrongType } from './readers.js';
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
