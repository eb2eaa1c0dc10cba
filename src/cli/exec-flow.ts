import { UsageError } from '../errors.js';
import { runningContainer } from '../run/service-containers.js';
import { runAttached } from './attached-session.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { resolveService } from './services.js';
import { isInteractive } from './terminal.js';

export interface ExecFlags extends StackFlags {
  service: string;
  command: string[];
  /** -T: never a TTY, even in a terminal. */
  noTty: boolean;
  user?: string;
  workdir?: string;
}

/** Runs the command in the service's running container; its exit code is returned to become ours. */
export async function runExec(flags: ExecFlags): Promise<number> {
  const stack = await loadStackFromFlags(flags);
  const service = resolveService(stack, flags.service);
  if (!flags.command.length)
    throw new UsageError('exec needs a command to run', `Put it after --: \`${commandLine(flags, 'exec', service, '--', 'sh', '-c', 'echo hello')}\`.`);
  const engine = await openEngine();
  const container = await runningContainer(engine, stack, service, commandLine(flags, 'up', service));
  const tty = !flags.noTty && isInteractive();
  return runAttached(tty, (io) =>
    engine.execAttached(
      container.id,
      {
        cmd: flags.command,
        ...(flags.user ? { user: flags.user } : {}),
        ...(flags.workdir ? { workingDir: flags.workdir } : {}),
        ...(tty ? { env: { TERM: process.env.TERM ?? 'xterm' } } : {}),
      },
      io,
    ),
  );
}
