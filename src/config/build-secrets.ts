import { resolve } from 'node:path';
import type { Context } from './read-context.js';
import { checkKeys, readMap, readString } from './readers.js';
import { childPath, isNull, type Origin, type TreeNode } from './tree.js';

/** One entry of Compose's top-level `secrets:` as a build can use it. */
export interface DeclaredSecret {
  source: { file: string } | { environment: string };
  at: Origin;
}

export const originText = (at: Origin): string => `${at.file}:${at.line}:${at.column}`;

/**
 * Top-level `secrets:`: `file:` (relative to the file that declares it) or `environment:` (a variable's
 * name; its value is read only when a build asks for it, so it never sits in the stack model or `config`).
 * `external:` and `name:` belong to Swarm, which devstack does not drive.
 */
export function readTopSecrets(node: TreeNode | undefined, ctx: Context): Record<string, DeclaredSecret> {
  const secrets: Record<string, DeclaredSecret> = {};
  if (!node || isNull(node)) return secrets;
  const map = readMap(node, 'secrets', ctx);
  if (!map) return secrets;
  for (const entry of map.entries.values()) {
    const path = childPath('secrets', entry.key);
    const body = readMap(entry.value, path, ctx);
    if (!body) continue;
    checkKeys(body, path, ['file', 'environment'], ctx, ['external', 'name', 'content']);
    const file = body.entries.get('file')?.value;
    const environment = body.entries.get('environment')?.value;
    if (!file === !environment) {
      ctx.problems.add(
        entry.keyAt,
        path,
        `secret "${entry.key}" needs exactly one of file: or environment:`,
        'write file: ./path/to/secret or environment: VARIABLE_NAME',
      );
      continue;
    }
    const text = readString((file ?? environment)!, childPath(path, file ? 'file' : 'environment'), ctx);
    if (text === undefined) continue;
    secrets[entry.key] = { source: file ? { file: resolve(file.at.dir, text) } : { environment: text }, at: entry.keyAt };
  }
  return secrets;
}
