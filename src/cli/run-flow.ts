import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { runOneOff } from '../run/one-off.js';
import { attachesStdin, runAttached } from './attached-session.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { resolveService } from './services.js';
import { isInteractive, terminalSize } from './terminal.js';

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
  return runOneOffAttached(await openEngine(), stack, { service, command: flags.command, noTty: flags.noTty, upCommand: commandLine(flags, 'up') });
}

/** A one-off container with the caller's streams and signals: Ctrl-C goes to the command, its exit code comes back. */
export async function runOneOffAttached(
  engine: Engine,
  stack: StackSpec,
  options: { service: string; command: string[]; noTty: boolean; upCommand: string },
): Promise<number> {
  const { service } = options;
  const tty = !options.noTty && isInteractive();
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
      command: options.command,
      tty,
      ...(tty ? { size: terminalSize() } : {}),
      stdin: attachesStdin(tty),
      upCommand: options.upCommand,
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
