import { relative, resolve, sep } from 'node:path';
import type { ServiceSpec, SnapshotSettings } from '../model/stack.js';
import { isWithin } from '../model/within.js';
import type { Context } from './read-context.js';
import { checkKeys, readInt, readMap, readString } from './readers.js';
import { childPath, isNull, type MapNode } from './tree.js';

/** A build context leaves out every `.devstack` folder (src/build/pack-context.ts): devstack's own state is never sent. */
function leftOutOfContexts(dir: string, context: string): boolean {
  return relative(context, dir).split(sep).includes('.devstack');
}

/**
 * Top-level `x-devstack: {snapshots: {dir, keep_automatic}}`. A folder inside a build context would be
 * sent to the engine with every build (and copied into images by `COPY . .`), so it is refused.
 */
export function readSnapshotSettings(root: MapNode, services: Record<string, ServiceSpec>, ctx: Context): SnapshotSettings | undefined {
  const extension = root.entries.get('x-devstack')?.value;
  if (!extension || isNull(extension) || extension.kind !== 'map') return undefined;
  const node = extension.entries.get('snapshots')?.value;
  if (!node || isNull(node)) return undefined;
  const path = 'x-devstack.snapshots';
  const map = readMap(node, path, ctx);
  if (!map) return undefined;
  checkKeys(map, path, ['dir', 'keep_automatic'], ctx);
  const settings: SnapshotSettings = {};
  const dirNode = map.entries.get('dir')?.value;
  const written = dirNode && readString(dirNode, childPath(path, 'dir'), ctx);
  if (dirNode && written !== undefined) {
    const dir = resolve(dirNode.at.dir, written.replace(/^~(?=\/|$)/, ctx.home));
    const holder = Object.values(services).find((s) => s.build && isWithin(s.build.context, dir) && !leftOutOfContexts(dir, s.build.context));
    if (holder) {
      ctx.problems.add(
        dirNode.at,
        childPath(path, 'dir'),
        `snapshot folder ${dir} is inside the build context of service ${holder.name} (${holder.build!.context}): every build would send the snapshots to the engine`,
        'choose a folder outside it, or leave dir out to use .devstack/snapshots, which builds never send',
      );
    } else {
      settings.dir = dir;
    }
  }
  const keepNode = map.entries.get('keep_automatic')?.value;
  const keep = keepNode && readInt(keepNode, childPath(path, 'keep_automatic'), ctx);
  if (keep !== undefined) settings.keepAutomatic = keep;
  return settings;
}
