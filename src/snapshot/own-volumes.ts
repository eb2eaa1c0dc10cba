import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type ContainerSummary, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { planVolumeReset } from '../run/reset.js';
import { serviceContainers } from '../run/service-containers.js';

export interface OwnVolume {
  key: string;
  name: string;
  /** The service whose data it is (the first of the chosen services to mount it), and where it mounts it. */
  service: string;
  target: string;
}

/** Every service of the stack that mounts the volume, whether or not it was chosen. */
export function servicesMounting(stack: StackSpec, volume: string): string[] {
  return Object.values(stack.services)
    .filter((s) => s.volumes.some((m) => m.type === 'volume' && (m.source === volume || stack.volumes[m.source]?.name === volume)))
    .map((s) => s.name);
}

function mountTarget(stack: StackSpec, service: string, volume: string): string | undefined {
  return stack.services[service]?.volumes.find((m) => m.type === 'volume' && (m.source === volume || stack.volumes[m.source]?.name === volume))?.target;
}

/**
 * The volumes of the chosen services a snapshot may read or replace: only those that carry this
 * project's label and directory (as for `reset --volumes`), never an external or another project's one.
 */
export async function ownVolumes(
  engine: Engine,
  stack: StackSpec,
  services: string[],
): Promise<{ volumes: OwnVolume[]; kept: Array<{ name: string; reason: string }> }> {
  const chosen = services.length ? services : Object.keys(stack.services);
  const selection = await planVolumeReset(engine, stack, chosen);
  const volumes = selection.delete.map((v) => {
    const service = chosen.find((s) => mountTarget(stack, s, v.name) !== undefined)!;
    return { key: v.key, name: v.name, service, target: mountTarget(stack, service, v.name)! };
  });
  return { volumes, kept: selection.kept };
}

/** The project's containers (of any service) that mount a volume, as the engine has them now. */
export async function containersMounting(engine: Engine, stack: StackSpec, volume: string): Promise<ContainerSummary[]> {
  const services = servicesMounting(stack, volume);
  return (await serviceContainers(engine, stack)).filter((c) => services.includes(c.labels[LABEL_SERVICE]!));
}

export const volumeLabels = (stack: StackSpec) => ({ [LABEL_PROJECT]: stack.name, [LABEL_PROJECT_DIR]: stack.projectDir });
