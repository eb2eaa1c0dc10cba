import type { StackSpec } from '../model/stack.js';
import { LABEL_PROJECT, LABEL_PROJECT_DIR, LABEL_SERVICE, type ContainerSummary, type Engine } from '../engine/types.js';
import { networkName } from '../plan/names.js';
import type { Reporter } from './events.js';
import { stopAndRemove } from './remove.js';
import { dependentsFirst } from './stop.js';

export interface DownResult {
  removedContainers: string[];
  removedNetwork: boolean;
}

/**
 * Removes the project's containers and network, keeping volumes. A service stops only after
 * everything that depends on it has stopped; everything else stops in parallel.
 */
export async function down(engine: Engine, stack: StackSpec, report: Reporter): Promise<DownResult> {
  const labels = { [LABEL_PROJECT]: stack.name };
  const containers = (await engine.listContainers(labels)).filter((c) => (c.labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir);
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of containers) {
    const service = c.labels[LABEL_SERVICE] ?? c.name;
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  const removed: string[] = [];
  await dependentsFirst(
    stack,
    byService,
    'removed',
    async (c, grace) => {
      await stopAndRemove(engine, c.id, grace);
      removed.push(c.name);
    },
    report,
  );

  const network = await engine.inspectNetwork(networkName(stack));
  const ours = network && network.labels[LABEL_PROJECT] === stack.name && (network.labels[LABEL_PROJECT_DIR] ?? stack.projectDir) === stack.projectDir;
  if (ours) {
    await engine.removeNetwork(network.id);
    report({ type: 'resource', kind: 'network', name: network.name, action: 'removed' });
  }
  return { removedContainers: removed.sort(), removedNetwork: Boolean(ours) };
}
