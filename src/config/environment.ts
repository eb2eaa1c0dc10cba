import { resolve } from 'node:path';
import type { Context } from './read-context.js';
import { parseDotenv } from './dotenv.js';
import { expandDotenv } from './dotenv-expand.js';
import { readKeyed } from './keyed.js';
import { readText } from './read-file.js';
import { checkKeys, readBool, readString, wrongType } from './readers.js';
import { childPath, isNull, itemPath, type MapNode } from './tree.js';

/** A service's environment: its `env_file:`s in order, then `environment:`, which wins. */
export async function readEnvironment(service: MapNode, path: string, ctx: Context): Promise<Record<string, string>> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFiles(service, childPath(path, 'env_file'), ctx)) {
    const read = await readText(file.path, ctx.problems);
    if (!read.ok) {
      if (read.missing && file.required)
        ctx.problems.add(file.node.at, file.at, `env file not found: ${file.path}`, 'create it, remove it from env_file:, or mark it required: false');
      continue;
    }
    Object.assign(fromFiles, expandDotenv(parseDotenv(read.text, file.path, ctx.problems), ctx.lookup, file.path, ctx.problems));
  }
  const explicit = service.entries.get('environment')?.value;
  return { ...fromFiles, ...(explicit ? readKeyed(explicit, childPath(path, 'environment'), ctx, ctx.lookup) : {}) };
}

function envFiles(service: MapNode, path: string, ctx: Context) {
  const node = service.entries.get('env_file')?.value;
  if (!node || isNull(node)) return [];
  if (node.kind === 'map') return wrongType(node, path, 'a string or a list', ctx) ?? [];
  const items = node.kind === 'seq' ? node.items.map((item, i) => ({ item, at: itemPath(path, i) })) : [{ item: node, at: path }];
  return items.flatMap(({ item, at }) => {
    if (item.kind === 'map') return longEnvFile(item, at, ctx);
    const relative = readString(item, at, ctx);
    return relative === undefined ? [] : [{ node: item, at, path: resolve(item.at.dir, relative), required: true }];
  });
}

/** `- path: ./local.env` with `required: false`: a file that may be missing (Compose 2.24+). */
function longEnvFile(item: MapNode, at: string, ctx: Context) {
  checkKeys(item, at, ['path', 'required'], ctx, ['format']);
  const pathNode = item.entries.get('path')?.value;
  const requiredNode = item.entries.get('required')?.value;
  if (!pathNode) {
    ctx.problems.add(item.at, at, 'an env_file entry needs path:', 'write - path: ./local.env');
    return [];
  }
  const relative = readString(pathNode, childPath(at, 'path'), ctx);
  const required = requiredNode ? (readBool(requiredNode, childPath(at, 'required'), ctx) ?? true) : true;
  return relative === undefined ? [] : [{ node: pathNode, at: childPath(at, 'path'), path: resolve(pathNode.at.dir, relative), required }];
}
