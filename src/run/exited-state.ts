/** 128 + SIGKILL and 128 + SIGTERM: how a container's PID 1 ends when the engine stops or kills it. */
const STOP_SIGNAL_EXITS = new Set([137, 143]);

/**
 * How a container that is not running reads in `status`. The kernel delivers SIGTERM or SIGKILL to a
 * container's PID 1 only from outside its PID namespace (the engine's stop or kill, a person on the
 * host), so those exit codes mean it was stopped, not that it failed: unless the kernel's OOM killer
 * did it, which the engine records. A process that answers SIGTERM with a code of its own (0, say) is
 * known stopped only when devstack stopped it (stop-record.ts). Any other code is the process's own verdict.
 */
export function exitedState(exitCode: number, oomKilled: boolean, stoppedByDevstack = false): string {
  if (oomKilled) return `exited (${exitCode}, out of memory)`;
  return stoppedByDevstack || STOP_SIGNAL_EXITS.has(exitCode) ? 'stopped' : `exited (${exitCode})`;
}
