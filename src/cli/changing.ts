import type { StackSpec } from '../model/stack.js';
import { withProjectLock } from '../run/project-lock.js';
import { withInterrupt } from './interrupt.js';
import { say } from '../ui/output.js';

/** The command line as the lock file records it, for whoever has to wait. */
function commandLine(): string {
  return ['devstack', ...process.argv.slice(2)].join(' ');
}

/**
 * The one way to take a project's lock: waited for (saying who holds it) unless --no-lock-wait.
 * For work already under an interrupt handler (`watch` locks each action, not its session, and tells
 * of a wait as one of its events: `waiting`).
 */
export function locked<T>(stack: StackSpec, wait: boolean, signal: AbortSignal, work: () => Promise<T>, waiting: (message: string) => void = say): Promise<T> {
  return withProjectLock(
    stack.projectDir,
    {
      command: commandLine(),
      wait,
      signal,
      onWait: (holder) =>
        waiting(
          `Waiting for \`${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt}) to finish changing ${stack.name}... (--no-lock-wait fails instead)`,
        ),
    },
    work,
  );
}

/**
 * Every command that changes a project runs through here: Ctrl-C handling, and the project's lock.
 */
export function changing<T>(stack: StackSpec, wait: boolean, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return withInterrupt((signal) => locked(stack, wait, signal, () => work(signal)));
}
