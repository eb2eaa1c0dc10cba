import { COMPOSE_KEYS } from './compose-keys.js';
import { resolve } from 'node:path';
import type { BuildSecret, BuildSpec, BuildSsh } from '../model/stack.js';
import { originText } from './build-secrets.js';
import type { Context } from './read-context.js';
import { asKeyedMap, readKeyed } from './keyed.js';
import { checkKeys, readBool, readMap, readString, wrongType } from './readers.js';
import { parseBytes } from './units.js';
import { childPath, itemPath, type TreeNode } from './tree.js';

const KNOWN = [
  'context',
  'dockerfile',
  'target',
  'args',
  'labels',
  'secrets',
  'ssh',
  'network',
  'extra_hosts',
  'shm_size',
  'cache_from',
  'cache_to',
  'no_cache',
  'pull',
];

/** A context is resolved against the folder of the file that wrote it: a profile's own folder, or the project dir. */
export function readBuild(node: TreeNode, path: string, ctx: Context): BuildSpec | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string') return contextOnly(node.value, node, path, ctx);
  if (node.kind !== 'map') return wrongType(node, path, 'a string or a mapping', ctx);
  checkKeys(node, path, KNOWN, ctx, COMPOSE_KEYS.build);
  const field = (key: string) => node.entries.get(key)?.value;
  const read = (key: string) => {
    const value = field(key);
    return value && readString(value, childPath(path, key), ctx);
  };
  const flag = (key: string) => {
    const value = field(key);
    return value && readBool(value, childPath(path, key), ctx);
  };
  const contextNode = field('context') ?? { kind: 'scalar', value: '.', at: node.at };
  const context = readString(contextNode, childPath(path, 'context'), ctx);
  const base = context === undefined ? undefined : contextOnly(context, contextNode, childPath(path, 'context'), ctx);
  const dockerfile = read('dockerfile');
  const target = read('target');
  const network = read('network');
  const args = field('args');
  const labels = field('labels');
  const secrets = field('secrets') && readBuildSecrets(field('secrets')!, childPath(path, 'secrets'), ctx);
  const ssh = field('ssh') && readSsh(field('ssh')!, childPath(path, 'ssh'), ctx);
  const extraHosts = field('extra_hosts') && readExtraHosts(field('extra_hosts')!, childPath(path, 'extra_hosts'), ctx);
  const cacheFrom = field('cache_from') && readStrings(field('cache_from')!, childPath(path, 'cache_from'), ctx);
  // The engine's build API exports no cache (that needs buildx's exporters): said once, not silently dropped.
  if (field('cache_to'))
    ctx.unsupported?.push({ at: field('cache_to')!.at, path: childPath(path, 'cache_to'), note: 'the engine API builder cannot export cache' });
  const shm = field('shm_size');
  const shmText = shm && readString(shm, childPath(path, 'shm_size'), ctx);
  const shmSizeBytes = shmText === undefined ? undefined : parseBytes(shmText);
  if (shm && shmText !== undefined && shmSizeBytes === undefined)
    ctx.problems.add(shm.at, childPath(path, 'shm_size'), `invalid size "${shmText}"`, 'write a size such as 256m or 2gb');
  const noCache = flag('no_cache');
  const pull = flag('pull');
  const builder = readBuilder(field('x-devstack'), childPath(path, 'x-devstack'), ctx);
  if (!base) return undefined;
  return {
    ...base,
    ...(dockerfile !== undefined ? { dockerfile } : {}),
    ...(target !== undefined ? { target } : {}),
    args: args ? readKeyed(args, childPath(path, 'args'), ctx, ctx.lookup) : {},
    labels: labels ? readKeyed(labels, childPath(path, 'labels'), ctx, () => '') : {},
    ...(secrets?.length ? { secrets } : {}),
    ...(ssh?.length ? { ssh } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(extraHosts?.length ? { extraHosts } : {}),
    ...(shmSizeBytes !== undefined ? { shmSizeBytes } : {}),
    ...(cacheFrom?.length ? { cacheFrom } : {}),
    ...(noCache ? { noCache } : {}),
    ...(pull ? { pull } : {}),
    ...(builder ? { builder } : {}),
  };
}

function contextOnly(context: string, node: TreeNode, path: string, ctx: Context): BuildSpec | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith('git@')) {
    return void ctx.problems.add(node.at, path, `remote build context "${context}" is not supported`, 'clone it and point context: at the folder');
  }
  return { context: resolve(node.at.dir, context), dockerfile: 'Dockerfile', args: {}, labels: {} };
}

function readStrings(node: TreeNode, path: string, ctx: Context): string[] | undefined {
  if (node.kind !== 'seq') return wrongType(node, path, 'a list', ctx);
  return node.items.flatMap((item, i) => readString(item, itemPath(path, i), ctx) ?? []);
}

/** `build.secrets`: names of top-level secrets, short (`- npmrc`) or long (`- source: npmrc` with `target:` as the id the Dockerfile mounts). */
function readBuildSecrets(node: TreeNode, path: string, ctx: Context): BuildSecret[] {
  if (node.kind !== 'seq') return wrongType(node, path, 'a list', ctx) ?? [];
  return node.items.flatMap((item, i): BuildSecret[] => {
    const at = itemPath(path, i);
    let name: string | undefined;
    let id: string | undefined;
    if (item.kind === 'map') {
      checkKeys(item, at, ['source', 'target'], ctx, ['uid', 'gid', 'mode']);
      const source = item.entries.get('source')?.value;
      if (!source) {
        ctx.problems.add(item.at, at, 'a build secret needs source:', 'name a secret declared under the top-level secrets:');
        return [];
      }
      name = readString(source, childPath(at, 'source'), ctx);
      const target = item.entries.get('target')?.value;
      id = target && readString(target, childPath(at, 'target'), ctx);
    } else {
      name = readString(item, at, ctx);
    }
    if (name === undefined) return [];
    const declared = ctx.secrets?.[name];
    if (!declared) {
      const known = Object.keys(ctx.secrets ?? {});
      ctx.problems.add(
        item.at,
        at,
        `secret "${name}" is not declared under the top-level secrets:`,
        known.length ? `declared: ${known.join(', ')}` : `add secrets: {${name}: {file: ./${name}.txt}} at the top of the stack file`,
      );
      return [];
    }
    return [{ id: id ?? name, source: declared.source, declaredAt: originText(declared.at) }];
  });
}

/** `build.ssh`: `default` (the agent in SSH_AUTH_SOCK) or `id=path[,path]`, as a list or a mapping. */
function readSsh(node: TreeNode, path: string, ctx: Context): BuildSsh[] {
  const entries: Array<{ text: string; at: TreeNode['at']; itemAt: string }> = [];
  if (node.kind === 'seq')
    node.items.forEach((item, i) => {
      const text = readString(item, itemPath(path, i), ctx);
      if (text !== undefined) entries.push({ text, at: item.at, itemAt: itemPath(path, i) });
    });
  else if (node.kind === 'map')
    for (const entry of node.entries.values()) {
      const value = entry.value.kind === 'scalar' && entry.value.value === null ? undefined : readString(entry.value, childPath(path, entry.key), ctx);
      entries.push({ text: value ? `${entry.key}=${value}` : entry.key, at: entry.keyAt, itemAt: childPath(path, entry.key) });
    }
  else return wrongType(node, path, 'a list', ctx) ?? [];
  return entries.flatMap(({ text, at, itemAt }) => {
    const [id, paths] = text.includes('=') ? [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)] : [text, ''];
    if (!id) {
      ctx.problems.add(at, itemAt, `invalid ssh entry "${text}"`, 'write default, or id=/path/to/key');
      return [];
    }
    return [{ id, paths: paths ? paths.split(',').map((p) => resolve(at.dir, p.replace(/^~(?=\/|$)/, ctx.home))) : [], declaredAt: originText(at) }];
  });
}

/** `extra_hosts` as `host:ip` / `host=ip` items or a mapping, to the engine's `host:ip`. */
function readExtraHosts(node: TreeNode, path: string, ctx: Context): string[] {
  const map =
    node.kind === 'seq'
      ? asKeyedMap({
          ...node,
          items: node.items.map((item) =>
            item.kind === 'scalar' && typeof item.value === 'string' && !item.value.includes('=') ? { ...item, value: item.value.replace(':', '=') } : item,
          ),
        })
      : node;
  const hosts = map && readKeyed(map, path, ctx, () => undefined);
  return Object.entries(hosts ?? {}).map(([host, ip]) => `${host}:${ip}`);
}

function readBuilder(node: TreeNode | undefined, path: string, ctx: Context): 'legacy' | 'buildkit' | undefined {
  if (!node) return undefined;
  const map = readMap(node, path, ctx);
  if (!map) return undefined;
  checkKeys(map, path, ['builder'], ctx);
  const value = map.entries.get('builder')?.value;
  const text = value && readString(value, childPath(path, 'builder'), ctx);
  if (text === undefined || text === 'legacy' || text === 'buildkit') return text;
  ctx.problems.add(value!.at, childPath(path, 'builder'), `unknown builder "${text}"`, 'write builder: buildkit (the default) or builder: legacy');
  return undefined;
}
