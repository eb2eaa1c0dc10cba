import { restart } from '../run/restart.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import { currentRun } from './run-context.js';
import { resolveServices } from './services.js';

export interface RestartFlags extends StackFlags {
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  services: string[];
  timeout: number;
  json: boolean;
}

export async function runRestart(flags: RestartFlags, say: (line: string) => void): Promise<string[]> {
  const started = Date.now();
  const stack = await loadStackFromFlags(flags);
  const services = resolveServices(stack, flags.services);
  const engine = await openEngine();
  const output = reporterFor(flags.json);
  try {
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
    if (output.json) currentRun().output.print(`${JSON.stringify({ type: 'result', project: stack.name, restarted })}\n`);
    else say(`${stack.name}: restarted ${restarted.join(', ')}; ready in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
    return restarted;
  } finally {
    await output.finish();
  }
}
