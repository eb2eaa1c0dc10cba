import { NameConflictError, type DevstackError } from '../errors.js';
import type { Dependency, StackSpec } from '../model/stack.js';
import {
  LABEL_CONFIG_HASH,
  LABEL_ONE_OFF,
  LABEL_PROJECT,
  LABEL_PROJECT_DIR,
  LABEL_SERVICE,
  type ContainerCreateSpec,
  type ContainerState,
  type NetworkState,
  type VolumeState,
} from '../engine/types.js';
import { LABEL_DEBUG, LABEL_DEBUG_OF } from '../debug/labels.js';
import { withDependencies } from '../model/order.js';
import { desiredContainer } from './desired-container.js';
import { networkName } from './names.js';

/** What the engine has that concerns this stack, gathered before planning. */
export interface ActualState {
  /** Containers labelled with this project, plus any container holding one of our names. */
  containers: ContainerState[];
  network: NetworkState | undefined;
  volumes: Record<string, VolumeState | undefined>;
  /** Image reference → local image ID, undefined when absent. */
  images: Record<string, string | undefined>;
  /** Image reference → the Dockerfile stage it was built to (`dev.devstack.target`), '' for the final stage. */
  imageStages?: Record<string, string>;
}

export type ServiceAction = 'create' | 'recreate' | 'start' | 'keep';
export type ImageAction = 'pull' | 'build' | 'present';

export interface ServiceStep {
  service: string;
  action: ServiceAction;
  reason: string;
  container: ContainerCreateSpec;
  existingId?: string;
  image: ImageAction;
  dependsOn: Record<string, Dependency>;
}

export interface UpPlan {
  project: string;
  network: { name: string; create: boolean };
  volumes: Array<{ name: string; key: string; create: boolean }>;
  services: ServiceStep[];
  orphans: Array<{ service: string; id: string; name: string }>;
}

export interface UpOptions {
  services: string[];
  forceRecreate: boolean;
  build: boolean;
  /** `up --keep-debug`: a service left in debug mode by `devstack debug` stays so while its normal spec is unchanged. */
  keepDebug?: boolean;
}

function ownerOf(labels: Record<string, string>): string {
  const project = labels[LABEL_PROJECT];
  if (!project) return 'something devstack did not create';
  return `the devstack project "${project}" in ${labels[LABEL_PROJECT_DIR] ?? 'another directory'}`;
}

/** Ours means: our project label and our directory. Two clones with one name must not act on each other. */
export function isOurs(stack: StackSpec, labels: Record<string, string>): boolean {
  return labels[LABEL_PROJECT] === stack.name && (labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir;
}

function serviceStep(stack: StackSpec, name: string, actual: ActualState, options: UpOptions): ServiceStep {
  const service = stack.services[name]!;
  const container = desiredContainer(stack, service);
  const imageId = actual.images[container.image];
  // `build --target` may have left another stage under the tag: that image is not what this stack runs.
  const otherStage = service.build && imageId && actual.imageStages && (actual.imageStages[container.image] ?? '') !== (service.build.target ?? '');
  const image: ImageAction = service.build ? (options.build || !imageId || otherStage ? 'build' : 'present') : imageId ? 'present' : 'pull';
  const existing = actual.containers.find((c) => c.name === container.name);
  const base = { service: name, container, image, dependsOn: service.dependsOn };
  if (!existing) return { ...base, action: 'create', reason: 'no container yet' };
  const withId = { ...base, existingId: existing.id };
  if (options.forceRecreate) return { ...withId, action: 'recreate', reason: 'recreate was asked for' };
  // A debug container records the hash of the plain container it stands in for.
  const keptDebug =
    options.keepDebug === true && existing.labels[LABEL_DEBUG] !== undefined && existing.labels[LABEL_DEBUG_OF] === container.labels[LABEL_CONFIG_HASH];
  if (!keptDebug && existing.labels[LABEL_CONFIG_HASH] !== container.labels[LABEL_CONFIG_HASH]) {
    return { ...withId, action: 'recreate', reason: existing.labels[LABEL_DEBUG] ? 'configuration changed (leaves debug mode)' : 'configuration changed' };
  }
  if (image !== 'present' || existing.imageId !== imageId) return { ...withId, action: 'recreate', reason: 'image changed' };
  if (existing.status === 'running' || existing.status === 'restarting')
    return { ...withId, action: 'keep', reason: keptDebug ? 'kept in debug mode (--keep-debug)' : 'unchanged' };
  if (existing.status === 'dead' || existing.status === 'removing') return { ...withId, action: 'recreate', reason: `container is ${existing.status}` };
  return { ...withId, action: 'start', reason: `container is ${existing.status}` };
}

/** Pure: from the stack and what the engine has, the steps that make them agree. Throws nothing; conflicts come back. */
export function planUp(stack: StackSpec, actual: ActualState, options: UpOptions): { plan: UpPlan; conflicts: DevstackError[] } {
  const conflicts: DevstackError[] = [];
  const selected = options.services.length ? withDependencies(stack, options.services) : Object.keys(stack.services);

  const netName = networkName(stack);
  if (actual.network && !isOurs(stack, actual.network.labels)) {
    conflicts.push(new NameConflictError('network', netName, ownerOf(actual.network.labels)));
  }

  const volumes = Object.values(stack.volumes)
    .filter((volume) => !volume.external)
    .map((volume) => {
      const existing = actual.volumes[volume.name];
      if (existing && !isOurs(stack, existing.labels)) conflicts.push(new NameConflictError('volume', volume.name, ownerOf(existing.labels)));
      return { name: volume.name, key: volume.key, create: !existing };
    });

  const services = selected.map((name) => serviceStep(stack, name, actual, options));
  for (const step of services) {
    const existing = actual.containers.find((c) => c.name === step.container.name);
    if (existing && !isOurs(stack, existing.labels)) {
      conflicts.push(new NameConflictError('container', existing.name, ownerOf(existing.labels)));
    }
  }

  // A one-off `run` container carries its service's label but is neither that service's container nor an orphan.
  const orphans = actual.containers
    .filter((c) => isOurs(stack, c.labels) && !c.labels[LABEL_ONE_OFF] && !(c.labels[LABEL_SERVICE]! in stack.services))
    .map((c) => ({ service: c.labels[LABEL_SERVICE]!, id: c.id, name: c.name }));

  return { plan: { project: stack.name, network: { name: netName, create: !actual.network }, volumes, services, orphans }, conflicts };
}
