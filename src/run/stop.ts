import { mergeErrors } from '../errors.js';
import { LABEL_SERVICE, type ContainerSummary, type Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import type { Reporter } from './events.js';
import { serviceContainers } from './service-containers.js';
import { dependentEdges, walk } from './walk.js';

const ACTIVE = new Set(['running', 'restarting', 'paused']);

/** The stop grace period of a service, in whole seconds as the engine takes it. */
export function graceSeconds(stack: StackSpec, service: string): number {
  return Math.ceil((stack.services[service]?.stopGracePeriodMs ?? 10_000) / 1000);
}

/** For commands that stop as one step of more (restart, reset): their own plan stands, and 'stopped' does not end a service's line. */
export function asStep(report: Reporter): Reporter {
  return (event) => {
    if (event.type === 'plan' || (event.type === 'service' && event.phase === 'stopped')) return;
    report(event);
  };
}

/**
 * Runs `act` on each service's containers, a service only after the services that depend on it
 * (whatever became of them), the rest in parallel; then throws every failure, merged.
 */
export async function dependentsFirst(
  stack: StackSpec,
  byService: Map<string, ContainerSummary[]>,
  done: 'stopped' | 'removed',
  act: (container: ContainerSummary, graceSec: number) => Promise<void>,
  report: Reporter,
): Promise<void> {
  const result = await walk({
    services: [...byService.keys()],
    edges: dependentEdges(stack),
    visit: async (service, turn) => {
      await turn.wait();
      report({ type: 'service', service, phase: 'stopping' });
      await Promise.all(byService.get(service)!.map((c) => act(c, graceSeconds(stack, service))));
      report({ type: 'service', service, phase: done });
    },
  });
  if (result.errors.length) throw mergeErrors(result.errors);
}

/**
 * Stops the services' running containers (all services when none are named), each only after the
 * ones among them that depend on it, the rest in parallel. Returns the containers it stopped.
 */
export async function stopContainers(engine: Engine, stack: StackSpec, services: string[], report: Reporter): Promise<ContainerSummary[]> {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of await serviceContainers(engine, stack)) {
    const service = c.labels[LABEL_SERVICE]!;
    if ((services.length && !services.includes(service)) || !ACTIVE.has(c.status)) continue;
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  report({ type: 'plan', services: [...byService.keys()].map((service) => ({ service, action: 'stop', reason: 'asked for' })) });
  await dependentsFirst(stack, byService, 'stopped', (c, grace) => engine.stopContainer(c.id, grace), report);
  return [...byService.values()].flat();
}

/** As stopContainers; returns the services it stopped. */
export async function stop(engine: Engine, stack: StackSpec, services: string[], report: Reporter): Promise<string[]> {
  return [...new Set((await stopContainers(engine, stack, services, report)).map((c) => c.labels[LABEL_SERVICE]!))];
}
