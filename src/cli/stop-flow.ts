import { LABEL_SERVICE } from '../engine/types.js';
import { serviceContainers } from '../run/service-containers.js';
import { stopContainers } from '../run/stop.js';
import { recordStops } from '../run/stop-record.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import type { StackSpec } from '../model/stack.js';
import { resolveServices } from './services.js';
import { printResult } from './result-event.js';
import { say } from '../ui/output.js';

export interface StopFlags extends StackFlags {
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  services: string[];
  json: boolean;
}

export async function runStop(flags: StopFlags): Promise<string[]> {
  const stack = await loadStackFromFlags(flags);
  return stopStack(stack, flags);
}

async function stopStack(stack: StackSpec, flags: StopFlags): Promise<string[]> {
  const output = reporterFor(flags.json);
  try {
    const services = resolveServices(stack, flags.services);
    const engine = await openEngine();
    const stopped = await changing(stack, flags['lock-wait'], async () => {
      const stoppedContainers = await stopContainers(engine, stack, services, output.reporter);
      // The ids come from what was stopped, not from a listing after it: a current engine's list can
      // still say "running" for a container whose stop has returned.
      await recordStops(
        stack.projectDir,
        stoppedContainers.map((c) => c.id),
        (await serviceContainers(engine, stack)).map((c) => c.id),
      );
      const names = [...new Set(stoppedContainers.map((c) => c.labels[LABEL_SERVICE]!))];
      return names;
    });
    await output.finish();
    if (output.json) printResult({ project: stack.name, stopped });
    else
      say(
        stopped.length
          ? `${stack.name}: stopped ${stopped.join(', ')}. Start again with \`${commandLine(flags, 'up', ...services)}\`.`
          : 'Nothing to stop: none of those services is running.',
      );
    return stopped;
  } finally {
    await output.finish();
  }
}
