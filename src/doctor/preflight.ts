import type { Engine } from '../engine/types.js';
import { PreflightFailedError } from '../errors.js';
import type { StackSpec } from '../model/stack.js';
import { checkPorts } from './checks/ports.js';
import { formatOutcomes } from './format.js';

/** The services `up` will start: those named and everything they depend on; all of them when none is named. */
function withDependencies(stack: StackSpec, named: string[]): string[] {
  if (named.length === 0) return Object.keys(stack.services);
  const found = new Set<string>();
  const visit = (name: string) => {
    if (found.has(name) || !stack.services[name]) return;
    found.add(name);
    Object.keys(stack.services[name].dependsOn).forEach(visit);
  };
  named.forEach(visit);
  return [...found];
}

/**
 * The fast subset of `devstack doctor` that `up` runs before touching anything: the engine answered
 * already (connecting checks it), so what is left is whether the stack's host ports are free.
 */
export async function preflight(engine: Engine, stack: StackSpec, services: string[]): Promise<void> {
  const failed = (await checkPorts(stack, engine, withDependencies(stack, services))).filter((o) => o.status === 'fail');
  if (failed.length) throw new PreflightFailedError(formatOutcomes(failed));
}
