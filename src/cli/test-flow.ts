import { buildServiceImage } from '../build/build-service.js';
import { UsageError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { imageFor } from '../plan/desired-container.js';
import { planUp } from '../plan/up-plan.js';
import { prepareHost } from '../profiles/prepare-host.js';
import { readActualState } from '../run/actual-state.js';
import type { Reporter } from '../run/events.js';
import { removeThrowaway, throwawayName, throwawayStack } from '../run/throwaway.js';
import { ensureSharedResources, up } from '../run/up.js';
import { changing } from './changing.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { reporterFor } from './reporter-for.js';
import { runOneOffAttached } from './run-flow.js';
import { resolveService } from './services.js';
import { say } from '../ui/output.js';

export interface TestFlags extends StackFlags {
  service?: string;
  command: string[];
  fresh: boolean;
  build: boolean;
  timeout: number;
  noTty: boolean;
}

/** The service to test: the one that declares `x-devstack.test`, else the only one built from source. */
function defaultService(stack: StackSpec): string {
  const names = Object.keys(stack.services);
  const declared = names.filter((n) => stack.services[n]!.testCommand);
  if (declared.length === 1) return declared[0]!;
  const built = names.filter((n) => stack.services[n]!.build);
  if (!declared.length && built.length === 1) return built[0]!;
  const candidates = declared.length ? declared : built.length ? built : names;
  throw new UsageError(`Which service should the tests run in? Candidates: ${candidates.join(', ')}`, 'Name it: `devstack test SERVICE`.');
}

/** Dependencies up and healthy (or just the network and volumes when there are none), and the service's image present. */
async function prepare(engine: Engine, stack: StackSpec, service: string, flags: TestFlags, report: Reporter): Promise<void> {
  const dependencies = Object.keys(stack.services[service]!.dependsOn);
  await changing(stack, true, async (signal) => {
    if (dependencies.length) {
      await up(
        engine,
        stack,
        { services: dependencies, forceRecreate: false, build: false, removeOrphans: false, timeoutMs: flags.timeout * 1000, wait: true, signal },
        report,
      );
    } else {
      const { plan } = planUp(stack, await readActualState(engine, stack), { services: [service], forceRecreate: false, build: false });
      await ensureSharedResources(engine, stack, plan, report);
    }
    const spec = stack.services[service]!;
    if (spec.build && (flags.build || !(await engine.imageId(imageFor(stack, spec))))) {
      report({ type: 'service', service, phase: 'building' });
      await buildServiceImage(engine, stack, service, {}, (line) => report({ type: 'output', service, line }));
    }
  });
}

/**
 * `devstack test`: the service's test command (or the one given) in a one-off container on the stack's network,
 * its dependencies up and healthy first. Returns the tests' exit code. With --fresh, all of it happens in a
 * throwaway copy of the stack that is removed afterwards, whatever the outcome.
 */
export async function runTests(flags: TestFlags): Promise<number> {
  const stack = await loadStackFromFlags(flags);
  const service = flags.service ? resolveService(stack, flags.service) : defaultService(stack);
  const command = flags.command.length ? flags.command : stack.services[service]!.testCommand;
  if (!command) {
    throw new UsageError(
      `Service ${service} has no test command`,
      `Add \`x-devstack: {test: "your test command"}\` to it in the stack file, or give one: \`devstack test ${service} -- CMD...\`.`,
    );
  }
  const target = flags.fresh ? throwawayStack(stack, await loadStackFromFlags({ ...flags, 'project-name': throwawayName(stack.name) })) : stack;
  const engine = await openEngine();
  const output = reporterFor(false);
  try {
    const prepared = await prepareHost(target, output.reporter);
    if (flags.fresh) say(`Running the tests in a throwaway copy of the stack, ${target.name}; it is removed afterwards.`);
    await prepare(engine, prepared, service, flags, output.reporter);
    await output.finish();
    say(`Running tests in ${service}: ${command.map((w) => (/[\s'"]/.test(w) ? JSON.stringify(w) : w)).join(' ')}`);
    const code = await runOneOffAttached(engine, prepared, { service, command, noTty: flags.noTty, upCommand: commandLine(flags, 'up') });
    say(code === 0 ? 'Tests passed.' : `Tests failed (exit code ${code}).`);
    return code;
  } finally {
    await output.finish();
    if (flags.fresh) {
      const cleanup = reporterFor(false);
      await changing(target, true, () => removeThrowaway(engine, target, cleanup.reporter));
      await cleanup.finish();
    }
  }
}
