import { DevstackError, InterruptedError, MultipleErrors, ServiceNotRunningError } from '../errors.js';
import type { ContainerState, Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { Deferred } from './deferred.js';
import { ContainerEventHub } from './event-hub.js';
import type { Reporter } from './events.js';
import { waitUntilReady, type Readiness } from './readiness.js';
import { currentContainer } from './service-containers.js';
import { asStep, stop } from './stop.js';

export interface RestartOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** The command that creates a service's container, for the hint when it has none. */
  startCommand: (service: string) => string;
}

/** A one-shot service (a dependent waits for it to complete) is done when it exits 0; any other when ready. */
function readinessOf(stack: StackSpec, service: string): Readiness {
  const asked = Object.values(stack.services).map((s) => s.dependsOn[service]?.condition);
  return asked.includes('service_completed_successfully') ? 'completed' : 'ready';
}

/**
 * Restarts the services' containers (all services when none are named): stops them, dependents first,
 * then starts each once the restarted services it depends on are ready again, and waits for it in turn.
 */
export async function restart(engine: Engine, stack: StackSpec, services: string[], options: RestartOptions, report: Reporter): Promise<string[]> {
  const selected = services.length ? services : Object.keys(stack.services);
  const containers = new Map<string, ContainerState>();
  for (const service of selected) {
    const container = await currentContainer(engine, stack, service);
    if (!container) throw new ServiceNotRunningError(service, 'no container', options.startCommand(service));
    containers.set(service, container);
  }
  report({ type: 'plan', services: selected.map((service) => ({ service, action: 'restart', reason: 'asked for' })) });
  await stop(engine, stack, selected, asStep(report));

  const hub = ContainerEventHub.start(engine, stack.name);
  const deadline = Date.now() + options.timeoutMs;
  const ready = new Map(selected.map((service) => [service, new Deferred()]));
  try {
    const results = await Promise.allSettled(
      selected.map(async (service) => {
        const started = Date.now();
        try {
          await Promise.all(Object.keys(stack.services[service]?.dependsOn ?? {}).map((dep) => ready.get(dep)?.promise));
          if (options.signal.aborted) throw new InterruptedError([]);
          const id = containers.get(service)!.id;
          report({ type: 'service', service, phase: 'starting' });
          await engine.startContainer(id);
          report({ type: 'service', service, phase: 'waiting' });
          await waitUntilReady(engine, hub, { service, containerId: id, readiness: readinessOf(stack, service), deadline, signal: options.signal });
          report({ type: 'service', service, phase: 'ready', elapsedMs: Date.now() - started });
          ready.get(service)!.resolve();
        } catch (error) {
          ready.get(service)!.reject(error);
          report({ type: 'service', service, phase: 'failed', detail: error instanceof Error ? error.message : String(error) });
          throw error;
        }
      }),
    );
    // A dependent fails with its dependency's own error: report each failure once.
    const errors = [...new Set(results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])))];
    if (options.signal.aborted || errors.some((e) => e instanceof InterruptedError)) throw new InterruptedError([]);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new MultipleErrors(errors.filter((e): e is DevstackError => e instanceof DevstackError));
    return selected;
  } finally {
    hub.stop();
  }
}
