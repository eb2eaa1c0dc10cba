import { restart } from '../run/restart.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import type { StackSpec } from '../model/stack.js';
import { resolveServices } from './services.js';
import { printResult } from './result-event.js';
import { say } from '../ui/output.js';
import { formatElapsed } from '../model/elapsed.js';

export interface RestartFlags extends StackFlags {
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  services: string[];
  timeout: number;
  json: boolean;
}

export async function runRestart(flags: RestartFlags): Promise<string[]> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  return restartStack(stack, flags, started);
}

async function restartStack(stack: StackSpec, flags: RestartFlags, started: number): Promise<string[]> {
  const output = reporterFor(flags.json);
  try {
    const services = resolveServices(stack, flags.services);
    const engine = await openEngine();
    const restarted = await changing(stack, flags['lock-wait'], (signal) =>
      restart(
        engine,
        stack,
        services,
        { timeoutMs: flags.timeout * 1000, signal, startCommand: (service) => commandLine(flags, 'up', service) },
        output.reporter,
      ),
    );
    await output.finish();
    if (output.json) printResult({ project: stack.name, restarted });
    else say(`${stack.name}: restarted ${restarted.join(', ')}; ready in ${formatElapsed(Date.now() - started)}.`);
    return restarted;
  } finally {
    await output.finish();
  }
}
