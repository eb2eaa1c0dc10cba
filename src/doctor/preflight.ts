import { resolveEndpoint } from '../engine/endpoint.js';
import type { Engine } from '../engine/types.js';
import { PreflightFailedError } from '../errors.js';
import { withDependencies } from '../model/order.js';
import type { StackSpec } from '../model/stack.js';
import { checkPorts } from './checks/ports.js';
import { checkRootlessPorts } from './checks/rootless-ports.js';
import { formatOutcomes } from './format-outcomes.js';
import type { Outcome } from './outcome.js';
import { wantedPorts } from './ports/published-ports.js';

/** Only a port below 1024 can trip a rootless engine, so only then is the engine asked whether it is one. */
async function rootlessLowPorts(engine: Engine, stack: StackSpec, services: string[], host: PreflightHost): Promise<Outcome[]> {
  if (!wantedPorts(stack, services).some((p) => p.hostPort < 1024) || !resolveEndpoint(host.env).url.startsWith('unix:')) return [];
  const scoped = { ...stack, services: Object.fromEntries(services.map((name) => [name, stack.services[name]!])) };
  return checkRootlessPorts(scoped, await engine.systemInfo(), host.procRoot);
}

/** This machine as the checks see it; injected so tests can use a fake /proc. */
export interface PreflightHost {
  procRoot: string;
  env: Record<string, string | undefined>;
}

/**
 * The fast subset of `devstack doctor` that `up` runs before touching anything: the engine answered
 * already (connecting checks it) and the stack loaded (required variables are set), so what is left is
 * whether the stack's host ports are free, and bindable by a rootless engine.
 */
export async function preflight(
  engine: Engine,
  stack: StackSpec,
  services: string[],
  host: PreflightHost = { procRoot: '/proc', env: process.env },
): Promise<void> {
  // The services `up` will start: those named and everything they depend on; all of them when none is named.
  const scope = services.length ? withDependencies(stack, services) : Object.keys(stack.services);
  const outcomes = [...(await checkPorts(stack, engine, scope, host.procRoot)), ...(await rootlessLowPorts(engine, stack, scope, host))];
  const failed = outcomes.filter((o) => o.status === 'fail');
  if (failed.length) throw new PreflightFailedError(formatOutcomes(failed));
}
