import { InterruptedError, mergeErrors, ServiceNotRunningError } from '../errors.js';
import type { ContainerState, Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { ContainerEventHub } from './event-hub.js';
import type { Reporter } from './events.js';
import { finishLine } from './finish-line.js';
import { readProbedReady, updateProbedReady, type ProbedReady } from './probed-ready.js';
import { waitUntilReady } from './readiness.js';
import { currentContainer } from './service-containers.js';
import { asStep, stop } from './stop.js';
import { DependencyFailed, dependencyEdges, walk } from './walk.js';
import { whereItStands } from './where-it-stands.js';

export interface RestartOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** The command that creates a service's container, for the hint when it has none. */
  startCommand: (service: string) => string;
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
  // So that `status` agrees with what restart said (probed-ready.ts): each restart is a new start.
  const probedBefore = readProbedReady(stack.projectDir);
  const probedNow: ProbedReady = {};
  // How far each service got after the stop, for the summary an interrupt prints (as up's does).
  const reached = new Map<string, 'starting' | 'waiting' | 'ready'>();
  const step = (service: string, phase: 'starting' | 'waiting' | 'ready', elapsedMs?: number) => {
    reached.set(service, phase);
    report({ type: 'service', service, phase, ...(elapsedMs === undefined ? {} : { elapsedMs }) });
  };
  try {
    const result = await walk({
      services: selected,
      edges: dependencyEdges(stack, false),
      signal: options.signal,
      visit: async (service, turn) => {
        const started = Date.now();
        try {
          await turn.wait();
          const id = containers.get(service)!.id;
          step(service, 'starting');
          await engine.startContainer(id);
          step(service, 'waiting');
          const probedStart = await waitUntilReady(engine, hub, {
            service,
            containerId: id,
            readiness: finishLine(Object.values(stack.services), service, true),
            deadline,
            signal: options.signal,
          });
          if (probedStart) probedNow[id] = { service, startedAt: probedStart };
          step(service, 'ready', Date.now() - started);
        } catch (error) {
          report({
            type: 'service',
            service,
            phase: error instanceof DependencyFailed ? 'skipped' : 'failed',
            detail: error instanceof Error ? error.message : String(error),
          });
          throw error;
        }
      },
    });
    if (result.interrupted)
      throw new InterruptedError(selected.map((service) => ({ service, state: whereItStands(reached.get(service), 'stopped: the next up starts it') })));
    if (result.errors.length) throw mergeErrors(result.errors);
    return selected;
  } finally {
    hub.stop();
    updateProbedReady(stack.projectDir, probedBefore, selected, probedNow);
  }
}
