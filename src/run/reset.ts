import { InterruptedError } from '../errors.js';
import { LABEL_SERVICE, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import type { Reporter } from './events.js';
import { selectVolumes, type VolumeSelection, type VolumeToDelete } from './reset-volumes.js';
import { serviceContainers } from './service-containers.js';
import { asStep, stop } from './stop.js';
import { up, type UpResult } from './up.js';

/** What the engine has under each of the stack's own volume names, for selectVolumes. */
export async function planVolumeReset(engine: Engine, stack: StackSpec, services: string[]): Promise<VolumeSelection> {
  const names = Object.values(stack.volumes)
    .filter((v) => !v.external)
    .map((v) => v.name);
  const existing = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await engine.inspectVolume(name)] as const)));
  return selectVolumes(stack, services, existing);
}

export interface ResetOptions {
  /** None: every service. */
  services: string[];
  /** Already selected and agreed to; empty to keep all data. */
  volumes: VolumeToDelete[];
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Removes the services' containers (stopped dependents first), then the agreed volumes, then brings
 * the services up from scratch and waits for them. The containers are removed here rather than by
 * `up --force-recreate`, which would recreate the services' dependencies too, and the volumes can
 * only go once no container holds them. A Ctrl-C before the volumes go leaves them all.
 */
export async function reset(engine: Engine, stack: StackSpec, options: ResetOptions, report: Reporter): Promise<UpResult> {
  const selected = options.services.length ? options.services : Object.keys(stack.services);
  await stop(engine, stack, selected, asStep(report));
  const containers = (await serviceContainers(engine, stack)).filter((c) => selected.includes(c.labels[LABEL_SERVICE]!));
  await Promise.all(containers.map((c) => engine.removeContainer(c.id, true)));
  for (const c of containers) report({ type: 'resource', kind: 'container', name: c.name, action: 'removed' });
  for (const volume of options.volumes) {
    if (options.signal.aborted) throw new InterruptedError([]);
    await engine.removeVolume(volume.name);
    report({ type: 'resource', kind: 'volume', name: volume.name, action: 'removed' });
  }
  return up(
    engine,
    stack,
    { services: options.services, forceRecreate: false, build: false, removeOrphans: false, timeoutMs: options.timeoutMs, wait: true, signal: options.signal },
    report,
  );
}
