import type { Dependency } from '../model/stack.js';
import type { Readiness } from './readiness.js';

/**
 * How far a service must get before a command may call it done: the strongest condition its
 * dependents ask of it (a one-shot that a dependent waits on is done when it exits 0), and at
 * least `ready` when the command waits for readiness (not `up --no-wait`).
 */
export function finishLine(dependents: Iterable<{ dependsOn: Record<string, Dependency> }>, service: string, waitForReady: boolean): Readiness {
  const asked = [...dependents].map((s) => s.dependsOn[service]?.condition);
  if (asked.includes('service_completed_successfully')) return 'completed';
  return waitForReady || asked.includes('service_healthy') ? 'ready' : 'started';
}
