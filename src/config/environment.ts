import { resolve } from 'node:path';
import type { Context } from './context.js';
import { parseDotenv } from './dotenv.js';
import { expandDotenv } from './dotenv-expand.js';
import { readKeyed } from './keyed.js';
import { readText } from './read-file.js';
import { readString, wrongType } from './readers.js';
import { childPath, isNull, itemPath, type MapNode } from './tree.js';

/** A service's environment: its `env_file:`s in order, then `environment:`, which wins. */
export async function readEnvironment(service: MapNode, path: string, ctx: Context): Promise<Record<string, string>> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFiles(service, childPath(path, 'env_file'), ctx)) {
    const read = await readText(file.path, ctx.problems);
    if (!read.ok) {
      if (read.missing) ctx.problems.add(file.node.at, file.at, `env file not found: ${file.path}`, 'create it, or remove it from env_file:');
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
    const relative = readString(item, at, ctx);
    return relative === undefined ? [] : [{ node: item, at, path: resolve(item.at.dir, relative) }];
  });
}
