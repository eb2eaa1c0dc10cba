import type { StackSpec } from '../model/stack.js';
import { withProjectLock } from '../run/project-lock.js';
import { withInterrupt } from './interrupt.js';

/**
 * Every command that changes a project runs through here: Ctrl-C handling, and the project's lock,
 * waited for (saying who holds it) unless --no-wait.
 */
export function changing<T>(stack: StackSpec, wait: boolean, work: (signal: AbortSignal) => Promise<T>, say: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<T> {
  const command = ['devstack', ...process.argv.slice(2)].join(' ');
  return withInterrupt((signal) =>
    withProjectLock(
      stack.projectDir,
      {
        command,
        wait,
        signal,
        onWait: (holder) => say(`Waiting for \`${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt}) to finish changing ${stack.name}... (--no-wait fails instead)`),
      },
      () => work(signal),
    ),
  );
}
