import { COMPOSE_KEYS } from './compose-keys.js';
import type { VolumeSpec } from '../model/stack.js';
import type { Context } from './read-context.js';
import { readKeyed } from './keyed.js';
import { checkKeys, readBool, readString, wrongType } from './readers.js';
import { childPath, isNull, type TreeNode } from './tree.js';

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Top-level `volumes:`. Ours are named `<project>_<key>` unless `name:` says otherwise, as in Compose. */
export function readVolumes(node: TreeNode | undefined, project: string, ctx: Context): Record<string, VolumeSpec> {
  const volumes: Record<string, VolumeSpec> = {};
  if (node === undefined || isNull(node)) return volumes;
  if (node.kind !== 'map') return wrongType(node, 'volumes', 'a mapping', ctx) ?? volumes;
  for (const { key, keyAt, value } of node.entries.values()) {
    const path = childPath('volumes', key);
    if (!VOLUME_NAME.test(key))
      ctx.problems.add(keyAt, path, `invalid volume name "${key}"`, 'use letters, digits, _, . and -, starting with a letter or digit');
    if (isNull(value)) {
      volumes[key] = { key, name: `${project}_${key}`, external: false, labels: {} };
      continue;
    }
    if (value.kind !== 'map') {
      wrongType(value, path, 'a mapping or nothing', ctx);
      continue;
    }
    checkKeys(value, path, ['external', 'name', 'labels'], ctx, COMPOSE_KEYS.volume);
    const field = (name: string) => value.entries.get(name)?.value;
    const externalNode = field('external');
    const nameNode = field('name');
    const labelsNode = field('labels');
    const external = (externalNode && readBool(externalNode, childPath(path, 'external'), ctx)) ?? false;
    // As in Compose: an external volume exists already, so only its name may be said about it.
    if (external)
      for (const other of ['driver', 'driver_opts', 'labels']) {
        const entry = value.entries.get(other);
        if (entry)
          ctx.problems.add(
            entry.keyAt,
            childPath(path, other),
            `an external volume takes only name:, not ${other}:`,
            `remove ${other}:, or drop external: true to let devstack create the volume`,
          );
      }
    const name = nameNode && readString(nameNode, childPath(path, 'name'), ctx);
    volumes[key] = {
      key,
      name: name ?? (external ? key : `${project}_${key}`),
      external,
      labels: labelsNode ? readKeyed(labelsNode, childPath(path, 'labels'), ctx, () => '') : {},
    };
  }
  return volumes;
}
