import { stop } from '../run/stop.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import { currentRun } from './run-context.js';
import { resolveServices } from './services.js';

export interface StopFlags extends StackFlags {
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  services: string[];
  json: boolean;
}

export async function runStop(flags: StopFlags, say: (line: string) => void): Promise<string[]> {
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  const output = reporterFor(flags.json);
  try {
    const stopped = await changing(stack, flags['lock-wait'], () => stop(engine, stack, services, output.reporter));
    await output.finish();
    if (output.json) currentRun().output.print(`${JSON.stringify({ type: 'result', project: stack.name, stopped })}\n`);
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
