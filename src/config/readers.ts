import type { Context } from './read-context.js';
import { didYouMean } from '../model/did-you-mean.js';
import { childPath, describe, scalarText, type MapNode, type TreeNode } from './tree.js';
import { parseDuration } from './units.js';

export function wrongType(node: TreeNode, path: string, expected: string, ctx: Context): undefined {
  ctx.problems.add(node.at, path, `expected ${expected}, got ${describe(node)}`);
  return undefined;
}

/** Numbers are accepted where a string is expected, as Compose does (`user: 1000`). */
export function readString(node: TreeNode, path: string, ctx: Context): string | undefined {
  if (node.kind === 'scalar' && (typeof node.value === 'string' || typeof node.value === 'number')) return scalarText(node);
  return wrongType(node, path, 'a string', ctx);
}

/** Strings are accepted too, because an interpolated value (`init: ${INIT}`) is always one. */
export function readBool(node: TreeNode, path: string, ctx: Context): boolean | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'boolean') return node.value;
  if (node.kind === 'scalar' && (node.value === 'true' || node.value === 'false')) return node.value === 'true';
  return wrongType(node, path, 'a boolean', ctx);
}

export function readInt(node: TreeNode, path: string, ctx: Context): number | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'number' && Number.isSafeInteger(node.value) && node.value >= 0) return node.value;
  if (node.kind === 'scalar' && typeof node.value === 'string' && /^\d{1,15}$/.test(node.value)) return Number(node.value);
  return wrongType(node, path, 'a whole number', ctx);
}

export function readDuration(node: TreeNode, path: string, ctx: Context): number | undefined {
  const text = readString(node, path, ctx);
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) ctx.problems.add(node.at, path, `invalid duration "${text}"`, 'write a duration such as 10s, 1m30s or 500ms');
  return ms;
}

export function readMap(node: TreeNode, path: string, ctx: Context): MapNode | undefined {
  return node.kind === 'map' ? node : wrongType(node, path, 'a mapping', ctx);
}

/**
 * Reports keys outside `known`; `x-` extension keys are always allowed, as in Compose. Keys Compose defines
 * here (`compose`) but devstack does not read are collected for the one "unsupported" warning instead.
 */
export function checkKeys(map: MapNode, path: string, known: readonly string[], ctx: Context, compose: readonly string[] = []): void {
  for (const entry of map.entries.values()) {
    if (known.includes(entry.key) || entry.key.startsWith('x-')) continue;
    if (compose.includes(entry.key) && ctx.unsupported) {
      ctx.unsupported.push({ at: entry.keyAt, path: childPath(path, entry.key) });
      continue;
    }
    const hint = didYouMean(entry.key, known) ?? `valid keys here: ${known.join(', ')}`;
    ctx.problems.add(entry.keyAt, childPath(path, entry.key), `unknown key "${entry.key}"`, hint);
  }
}
