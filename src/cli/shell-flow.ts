import { NoShellError, UsageError } from '../errors.js';
import { pickShell } from '../run/pick-shell.js';
import { runningContainer } from '../run/service-containers.js';
import { runAttached } from './attached-session.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { resolveService } from './services.js';
import { isInteractive } from './terminal.js';

export interface ShellFlags extends StackFlags {
  service: string;
  user?: string;
  workdir?: string;
}

/** An interactive shell in the service's running container; returns the shell's exit code. */
export async function runShell(flags: ShellFlags): Promise<number> {
  const stack = await loadStackFromFlags(flags);
  const service = resolveService(stack, flags.service);
  if (!isInteractive()) {
    throw new UsageError(
      'shell needs a terminal, and stdin or stdout is not one',
      `Without a terminal, run commands with \`${commandLine(flags, 'exec', service, '--', 'sh', '-c', '...')}\`.`,
    );
  }
  const engine = await openEngine();
  const container = await runningContainer(engine, stack, service, commandLine(flags, 'up', service));
  const shell = await pickShell(engine, container.id);
  if (!shell) throw new NoShellError(service, commandLine(flags, 'exec', service, '--', 'PROGRAM'));
  return runAttached(true, (io) =>
    engine.execAttached(
      container.id,
      {
        cmd: [shell],
        ...(flags.user ? { user: flags.user } : {}),
        ...(flags.workdir ? { workingDir: flags.workdir } : {}),
        env: { TERM: process.env.TERM ?? 'xterm' },
      },
      io,
    ),
  );
}
