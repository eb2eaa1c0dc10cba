import { COMPOSE_KEYS } from './compose-keys.js';
import { isAbsolute, join, resolve } from 'node:path';
import type { MountSpec } from '../model/stack.js';
import type { ServiceContext } from './read-context.js';
import { didYouMean } from '../model/did-you-mean.js';
import { checkKeys, readBool, readString, wrongType } from './readers.js';
import { childPath, itemPath, type MapNode, type Origin, type TreeNode } from './tree.js';
import { parseBytes } from './units.js';

const MODES = ['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy'];
const SHORT_HINT = 'write VOLUME:/path, ./dir:/path or /host/dir:/path, optionally with :ro';

export function readMounts(node: TreeNode, path: string, ctx: ServiceContext): MountSpec[] {
  if (node.kind === 'scalar' && node.value === null) return [];
  if (node.kind !== 'seq') return wrongType(node, path, 'a list', ctx) ?? [];
  return node.items.flatMap((item, i) => {
    const at = itemPath(path, i);
    if (item.kind === 'map') return longMount(item, at, ctx) ?? [];
    if (item.kind === 'scalar' && typeof item.value === 'string') return shortMount(item.value, item.at, at, ctx) ?? [];
    return wrongType(item, at, 'a string or a mapping', ctx) ?? [];
  });
}

function shortMount(text: string, at: Origin, path: string, ctx: ServiceContext): MountSpec | undefined {
  const parts = text.split(':');
  const fail = (message: string, hint = SHORT_HINT) => void ctx.problems.add(at, path, message, hint);
  if (parts.length === 1) return fail(`anonymous volumes are not supported: name it, e.g. "data:${text}"`, 'declare the name under the top-level volumes: key');
  if (parts.length > 3) return fail(`invalid volume "${text}"`);
  const [source = '', target = '', mode = 'rw'] = parts;
  const unknownMode = mode.split(',').find((flag) => !MODES.includes(flag));
  if (unknownMode !== undefined) return fail(`unknown volume mode "${unknownMode}" in "${text}"`, 'use ro or rw');
  // SELinux relabelling, nocopy and the macOS consistency hints are accepted but not applied: said, not dropped.
  for (const flag of mode.split(',')) if (flag !== 'ro' && flag !== 'rw') ctx.unsupported?.push({ at, path, note: `volume mode "${flag}"` });
  return mount(source, target, mode.split(',').includes('ro'), at, path, ctx);
}

function longMount(map: MapNode, path: string, ctx: ServiceContext): MountSpec | undefined {
  checkKeys(map, path, ['type', 'source', 'target', 'read_only', 'tmpfs'], ctx, COMPOSE_KEYS.mount);
  const field = (key: string) => map.entries.get(key)?.value;
  const read = (key: string) => {
    const node = field(key);
    return node && readString(node, childPath(path, key), ctx);
  };
  const type = read('type');
  const target = read('target');
  const readOnlyNode = field('read_only');
  const readOnly = (readOnlyNode && readBool(readOnlyNode, childPath(path, 'read_only'), ctx)) ?? false;
  if (!field('type')) ctx.problems.add(map.at, path, 'a volume mapping needs type: volume, bind or tmpfs');
  if (!field('target')) ctx.problems.add(map.at, path, 'a volume mapping needs target: the path in the container');
  if (type === undefined || target === undefined) return undefined;
  if (type === 'tmpfs') return tmpfs(map, target, path, ctx);
  if (type !== 'volume' && type !== 'bind') {
    ctx.problems.add(
      field('type')!.at,
      childPath(path, 'type'),
      `unknown mount type "${type}"`,
      didYouMean(type, ['volume', 'bind', 'tmpfs']) ?? 'use volume, bind or tmpfs',
    );
    return undefined;
  }
  const sourceNode = field('source');
  const source = read('source');
  if (!sourceNode)
    return void ctx.problems.add(
      map.at,
      path,
      'anonymous volumes are not supported: name it with source:',
      'declare the name under the top-level volumes: key',
    );
  if (source === undefined) return undefined;
  if ((type === 'bind') !== isPathLike(source)) {
    const message =
      type === 'bind' ? `bind source "${source}" must be a path (./dir, /dir or ~/dir)` : `volume source "${source}" must be a volume name, not a path`;
    return void ctx.problems.add(sourceNode.at, childPath(path, 'source'), message, `or use type: ${type === 'bind' ? 'volume' : 'bind'}`);
  }
  return mount(source, target, readOnly, sourceNode.at, childPath(path, 'source'), ctx);
}

function tmpfs(map: MapNode, target: string, path: string, ctx: ServiceContext): MountSpec | undefined {
  const options = map.entries.get('tmpfs')?.value;
  if (map.entries.has('source')) ctx.problems.add(map.entries.get('source')!.keyAt, childPath(path, 'source'), 'a tmpfs mount takes no source');
  if (!options) return { type: 'tmpfs', target };
  if (options.kind !== 'map') return wrongType(options, childPath(path, 'tmpfs'), 'a mapping', ctx);
  checkKeys(options, childPath(path, 'tmpfs'), ['size'], ctx, ['mode']);
  const sizeNode = options.entries.get('size')?.value;
  const text = sizeNode && readString(sizeNode, childPath(path, 'tmpfs.size'), ctx);
  const sizeBytes = text === undefined ? undefined : parseBytes(text);
  if (sizeNode && text !== undefined && sizeBytes === undefined)
    ctx.problems.add(sizeNode.at, childPath(path, 'tmpfs.size'), `invalid size "${text}"`, 'write bytes or a size such as 64m');
  return { type: 'tmpfs', target, ...(sizeBytes !== undefined ? { sizeBytes } : {}) };
}

function isPathLike(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

function mount(source: string, target: string, readOnly: boolean, at: Origin, path: string, ctx: ServiceContext): MountSpec | undefined {
  if (!target.startsWith('/')) return void ctx.problems.add(at, path, `mount target "${target}" must be an absolute path in the container`);
  if (isPathLike(source)) {
    const home = source === '~' || source.startsWith('~/') ? join(ctx.home, source.slice(1)) : undefined;
    return { type: 'bind', source: home ?? (isAbsolute(source) ? source : resolve(at.dir, source)), target, readOnly };
  }
  const volume = Object.hasOwn(ctx.volumes, source) ? ctx.volumes[source] : undefined;
  if (volume) return { type: 'volume', source: volume.name, target, readOnly };
  const hint = didYouMean(source, Object.keys(ctx.volumes)) ?? `declare it: add "${source}:" under the top-level volumes: key`;
  return void ctx.problems.add(at, path, `volume "${source}" is not declared under the top-level volumes: key`, hint);
}
