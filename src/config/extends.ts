import { dirname, resolve } from 'node:path';
import type { Context } from './read-context.js';
import { mergeTrees } from './merge.js';
import { readString, wrongType } from './readers.js';
import { childPath, type MapEntry, type MapNode, type TreeNode } from './tree.js';

/** Loads another file's tree, its own `extends:` resolved; `chain` carries the extends in progress, for cycles. */
export type LoadExtended = (file: string, chain: readonly string[]) => Promise<MapNode | undefined>;

/**
 * Resolves `extends:` in one file's services, as Compose does: the base service (from this file, or from
 * `file:`, whose relative paths stay relative to it) is merged under the service by the override rules.
 */
export async function applyExtends(tree: MapNode, file: string, ctx: Context, load: LoadExtended, chain: readonly string[] = []): Promise<MapNode> {
  const servicesEntry = tree.entries.get('services');
  const services = servicesEntry?.value;
  if (!servicesEntry || services?.kind !== 'map') return tree;
  const done = new Map<string, TreeNode>();

  const resolveService = async (name: string, seen: readonly string[]): Promise<TreeNode | undefined> => {
    const cached = done.get(name);
    if (cached) return cached;
    const entry = services.entries.get(name);
    if (!entry) return undefined;
    const service = entry.value;
    const extendsEntry = service.kind === 'map' ? service.entries.get('extends') : undefined;
    if (service.kind !== 'map' || !extendsEntry) return service;
    const path = childPath(childPath('services', name), 'extends');
    const own: MapNode = { ...service, entries: new Map([...service.entries].filter(([key]) => key !== 'extends')) };
    const ref = readRef(extendsEntry.value, path, ctx);
    const id = `${file}#${name}`;
    let base: TreeNode | undefined;
    if (!ref) base = undefined;
    else if (seen.includes(id))
      ctx.problems.add(extendsEntry.keyAt, path, `extends makes a cycle: ${[...seen, id].map((s) => s.split('#')[1]).join(' -> ')}`, 'break the cycle');
    else if (ref.file !== undefined) {
      const other = resolve(dirname(extendsEntry.value.at.file), ref.file);
      const loaded = await load(other, [...seen, id]);
      const found = loaded?.entries.get('services')?.value;
      base = found?.kind === 'map' ? found.entries.get(ref.service)?.value : undefined;
      if (loaded && !base) ctx.problems.add(extendsEntry.value.at, path, `cannot extend service "${name}": service "${ref.service}" not found in ${other}`);
    } else {
      base = services.entries.has(ref.service) ? await resolveService(ref.service, [...seen, id]) : undefined;
      if (!services.entries.has(ref.service))
        ctx.problems.add(
          extendsEntry.value.at,
          path,
          `cannot extend service "${name}": service "${ref.service}" not found`,
          'name a service of this file, or add file:',
        );
    }
    // A service whose base could not be found is already reported; its missing image: would only be noise.
    if (!base) ctx.problems.settle(entry.keyAt);
    const merged = base ? mergeTrees(base, own, ['services', name]) : own;
    done.set(name, merged);
    return merged;
  };

  const entries = new Map<string, MapEntry>();
  for (const [name, entry] of services.entries) entries.set(name, { ...entry, value: (await resolveService(name, chain)) ?? entry.value });
  const root = new Map(tree.entries);
  root.set('services', { ...servicesEntry, value: { ...services, entries } });
  return { ...tree, entries: root };
}

function readRef(node: TreeNode, path: string, ctx: Context): { service: string; file?: string } | undefined {
  if (node.kind === 'scalar') {
    const service = readString(node, path, ctx);
    return service === undefined ? undefined : { service };
  }
  if (node.kind !== 'map') return wrongType(node, path, 'a service name or a mapping', ctx);
  const serviceNode = node.entries.get('service')?.value;
  const fileNode = node.entries.get('file')?.value;
  if (!serviceNode) return void ctx.problems.add(node.at, path, 'extends needs service:', 'write extends: {service: NAME, file: other.yaml}');
  const service = readString(serviceNode, childPath(path, 'service'), ctx);
  const file = fileNode && readString(fileNode, childPath(path, 'file'), ctx);
  if (service === undefined) return undefined;
  return { service, ...(file !== undefined ? { file } : {}) };
}
