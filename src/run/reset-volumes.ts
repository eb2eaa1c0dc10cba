import { LABEL_PROJECT, LABEL_PROJECT_DIR, type VolumeState } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';

export interface VolumeToDelete {
  name: string;
  key: string;
}

export interface VolumeSelection {
  delete: VolumeToDelete[];
  /** Volumes the services mount that are not ours to delete, and why. */
  kept: Array<{ name: string; reason: string }>;
  /** Volumes to delete that services left out of the reset also mount. */
  sharedWith: Array<{ name: string; services: string[] }>;
}

/** The stack's volumes a service mounts, by key; a mount names its volume by key or by engine name. */
function mountedKeys(stack: StackSpec, service: string): string[] {
  return (stack.services[service]?.volumes ?? []).flatMap((mount) => {
    if (mount.type !== 'volume') return [];
    const volume = stack.volumes[mount.source] ?? Object.values(stack.volumes).find((v) => v.name === mount.source);
    return volume ? [volume.key] : [];
  });
}

function notOursBecause(stack: StackSpec, labels: Record<string, string>): string | undefined {
  const project = labels[LABEL_PROJECT];
  if (!project) return 'not created by devstack';
  if (project !== stack.name) return `belongs to the devstack project "${project}"`;
  if (labels[LABEL_PROJECT_DIR] !== stack.projectDir) return `belongs to the project "${project}" in ${labels[LABEL_PROJECT_DIR] ?? 'an unknown directory'}`;
  return undefined;
}

/**
 * Which volumes `reset --volumes` may delete: those the services mount that carry this project's
 * label and directory. Never an external one, another project's, or one without our labels, whatever
 * its name. `existing` is what the engine has under each volume name (undefined: no such volume).
 */
export function selectVolumes(stack: StackSpec, services: string[], existing: Record<string, VolumeState | undefined>): VolumeSelection {
  const selected = services.length ? services : Object.keys(stack.services);
  const selection: VolumeSelection = { delete: [], kept: [], sharedWith: [] };
  for (const key of new Set(selected.flatMap((service) => mountedKeys(stack, service)))) {
    const volume = stack.volumes[key]!;
    if (volume.external) {
      selection.kept.push({ name: volume.name, reason: 'external' });
      continue;
    }
    const found = existing[volume.name];
    if (!found) continue;
    const reason = notOursBecause(stack, found.labels);
    if (reason) {
      selection.kept.push({ name: volume.name, reason });
      continue;
    }
    selection.delete.push({ name: volume.name, key });
    const others = Object.keys(stack.services).filter((s) => !selected.includes(s) && mountedKeys(stack, s).includes(key));
    if (others.length) selection.sharedWith.push({ name: volume.name, services: others });
  }
  return selection;
}
