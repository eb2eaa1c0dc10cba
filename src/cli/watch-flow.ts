import { Flags } from '@oclif/core';
import type { StackSpec } from '../model/stack.js';
import { formatWatchEvent, type WatchEvent, type WatchReporter } from '../watch/watch-events.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { locked } from './changing.js';
import { withInterrupt } from './interrupt.js';
import { currentRun } from './run-context.js';
import { resolveServices } from './services.js';
import { print, say } from '../ui/output.js';

/** Shared by `watch` and `up --watch`. */
export const watchFlags = {
  'quiet-period': Flags.integer({ description: 'milliseconds without changes that end a batch (Compose waits 500)', default: 100, min: 0, helpGroup: 'WATCH' }),
};

export interface WatchFlags extends StackFlags {
  services: string[];
  /** Milliseconds of quiet that end a batch. */
  quietMs: number;
  /** Seconds to wait for a recreated or restarted service to be ready. */
  timeout: number;
  json: boolean;
}

/** Plain lines with the time, or JSON events; both on stdout, as they are what the command produces. */
function watchReporter(json: boolean, also?: WatchReporter, write: (line: string) => void = print): WatchReporter {
  const { secrets } = currentRun();
  return (event: WatchEvent) => {
    const masked = secrets.maskData(event);
    also?.(masked);
    if (json) return write(JSON.stringify({ time: new Date().toISOString(), ...masked }));
    for (const line of formatWatchEvent(masked)) write(`${new Date().toISOString().slice(11, 23)} ${line}`);
  };
}

/**
 * Watches until Ctrl-C. The project lock is taken per action that replaces or restarts a container,
 * never for the session: a watcher left running all day must not block `up`, `down` or `reset`.
 * `also` gets every event too (`watch --ui` feeds the dashboard's timeline).
 */
export async function runWatch(flags: WatchFlags, stack?: StackSpec, also?: WatchReporter): Promise<void> {
  const loaded = stack ?? (await loadStackFromFlags(flags));
  const services = resolveServices(loaded, flags.services);
  const engine = await openEngine();
  const { watchStack } = await import('../watch/watch-session.js');
  const report = watchReporter(flags.json, also);
  await withInterrupt(
    async (signal) => {
      await watchStack(
        engine,
        loaded,
        {
          services,
          quietMs: flags.quietMs,
          timeoutMs: flags.timeout * 1000,
          signal,
          // Always waited for: a watcher that dropped a change because `up` held the lock would be wrong.
          locked: (work) => locked(loaded, true, signal, work, (message) => report({ type: 'warning', message })),
        },
        report,
      );
      // Ctrl-C is how a watch ends: exit 130 as for every interrupted command (#10), but it is not a failure,
      // so no error line and no "run it again" hint (#21).
      if (signal.aborted) {
        say('The stack keeps running as it is; `devstack watch` picks up from here, `devstack down` stops it.');
        process.exitCode = 130;
      }
    },
    () => say('\nStopping the watch (Ctrl-C again to quit now)...'),
  );
}
