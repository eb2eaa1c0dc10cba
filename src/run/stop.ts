import { LABEL_SERVICE, type ContainerSummary, type Engine } from '../engine/types.js';
import { dependentsOf } from '../model/order.js';
import type { StackSpec } from '../model/stack.js';
import { Deferred } from './deferred.js';
import type { Reporter } from './events.js';
import { serviceContainers } from './service-containers.js';

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
 * Stops the services' running containers (all services when none are named), each only after the
 * ones among them that depend on it, the rest in parallel. Returns the services it stopped.
 */
export async function stop(engine: Engine, stack: StackSpec, services: string[], report: Reporter): Promise<string[]> {
  const byService = new Map<string, ContainerSummary[]>();
  for (const c of await serviceContainers(engine, stack)) {
    const service = c.labels[LABEL_SERVICE]!;
    if ((services.length && !services.includes(service)) || !ACTIVE.has(c.status)) continue;
    byService.set(service, [...(byService.get(service) ?? []), c]);
  }
  report({ type: 'plan', services: [...byService.keys()].map((service) => ({ service, action: 'stop', reason: 'asked for' })) });
  const stopped = new Map([...byService.keys()].map((service) => [service, new Deferred()]));
  await Promise.all(
    [...byService.entries()].map(async ([service, containers]) => {
      await Promise.allSettled(dependentsOf(stack, service).map((d) => stopped.get(d)?.promise));
      try {
        report({ type: 'service', service, phase: 'stopping' });
        await Promise.all(containers.map((c) => engine.stopContainer(c.id, graceSeconds(stack, service))));
        report({ type: 'service', service, phase: 'stopped' });
        stopped.get(service)!.resolve();
      } catch (error) {
        stopped.get(service)!.reject(error);
        throw error;
      }
    }),
  );
  return [...byService.keys()];
}
