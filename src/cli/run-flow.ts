import { runOneOff } from '../run/one-off.js';
import { attachesStdin, runAttached } from './attached-session.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './context.js';
import { resolveService } from './services.js';
import { isInteractive } from './terminal.js';

export interface RunFlags extends StackFlags {
  service: string;
  command: string[];
  noTty: boolean;
}

const FORWARDED = ['SIGINT', 'SIGTERM'] as const;

/** Runs a one-off container of the service to its end, then removes it; returns its exit code to become ours. */
export async function runOneOffFlow(flags: RunFlags): Promise<number> {
  const stack = await loadStackFromFlags(flags);
  const service = resolveService(stack, flags.service);
  const engine = await openEngine();
  const tty = !flags.noTty && isInteractive();
  // Without a TTY, Ctrl-C is ours to pass on: the command in the container decides how to stop.
  let running: string | undefined;
  let pending: NodeJS.Signals | undefined;
  const forward = (signal: NodeJS.Signals) => {
    if (running) void engine.killContainer(running, signal).catch(() => undefined);
    else pending = signal;
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await runOneOff(engine, stack, {
      service,
      command: flags.command,
      tty,
      stdin: attachesStdin(tty),
      upCommand: commandLine(flags, 'up'),
      session: (start) => runAttached(tty, start),
      onRunning: (id) => {
        running = id;
        if (pending) forward(pending);
      },
    });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}
