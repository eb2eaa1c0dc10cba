import { randomBytes } from 'node:crypto';
import { LABEL_PROJECT, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import { isOurs } from '../plan/up-plan.js';
import { down } from './down.js';
import type { Reporter } from './events.js';

/** A name for `test --fresh`'s throwaway project: the developer's name plus a marker no `up` would choose. */
export function throwawayName(project: string): string {
  return `${project}-test-${randomBytes(3).toString('hex')}`;
}

/**
 * The stack loaded again under the throwaway name (so every volume is its own), made to run beside the
 * developer's: no published host ports to collide with theirs, and the developer's images rather than
 * new copies of them that would be left behind.
 */
export function throwawayStack(original: StackSpec, reloaded: StackSpec): StackSpec {
  const services = Object.fromEntries(
    Object.entries(reloaded.services).map(([name, service]) => [
      name,
      { ...service, image: original.services[name] ? imageFor(original, original.services[name]) : imageFor(reloaded, service), ports: [] },
    ]),
  );
  return { ...reloaded, services };
}

/** Removes everything the throwaway project made: containers, network and volumes, each checked to be its own. */
export async function removeThrowaway(engine: Engine, stack: StackSpec, report: Reporter): Promise<void> {
  await down(engine, stack, report);
  for (const volume of await engine.listVolumes({ [LABEL_PROJECT]: stack.name })) {
    if (!isOurs(stack, volume.labels)) continue;
    await engine.removeVolume(volume.name);
    report({ type: 'resource', kind: 'volume', name: volume.name, action: 'removed' });
  }
}
