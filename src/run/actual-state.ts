import type { StackSpec } from '../model/stack.js';
import { LABEL_PROJECT, LABEL_TARGET, type ContainerState, type Engine } from '../engine/types.js';
import { containerName, imageFor } from '../plan/desired-container.js';
import { networkName } from '../plan/names.js';
import type { ActualState } from '../plan/up-plan.js';

/** Reads what the engine has for this stack: our labelled containers plus anything holding one of our names. */
export async function readActualState(engine: Engine, stack: StackSpec): Promise<ActualState> {
  const services = Object.values(stack.services);
  // One round of calls in the usual case: our containers carry the names we look up, so only a labelled
  // container under another name (an old scale, a renamed service) needs an inspect of its own after.
  const [labelled, byName, network, volumes, images] = await Promise.all([
    engine.listContainers({ [LABEL_PROJECT]: stack.name }),
    Promise.all(services.map((s) => engine.inspectContainer(containerName(stack, s.name)))),
    engine.inspectNetwork(networkName(stack)),
    Promise.all(Object.values(stack.volumes).map(async (v) => [v.name, await engine.inspectVolume(v.name)] as const)),
    Promise.all([...new Set(services.map((s) => imageFor(stack, s)))].map(async (ref) => [ref, await engine.imageDetails(ref)] as const)),
  ]);
  const named = byName.filter((c): c is ContainerState => Boolean(c));
  const seen = new Set(named.map((c) => c.id));
  const others = await Promise.all(labelled.filter((c) => !seen.has(c.id)).map((c) => engine.inspectContainer(c.id)));
  const containers = [...named, ...others.filter((c): c is ContainerState => Boolean(c))];
  return {
    containers,
    network,
    volumes: Object.fromEntries(volumes),
    images: Object.fromEntries(images.map(([ref, image]) => [ref, image?.id])),
    imageStages: Object.fromEntries(images.map(([ref, image]) => [ref, image?.labels[LABEL_TARGET] ?? ''])),
  };
}
