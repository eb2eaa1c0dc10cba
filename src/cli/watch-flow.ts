import { Flags } from '@oclif/core';
import type { StackSpec } from '../model/stack.js';
import { WatchEventLog, watchEventLogPath } from '../watch/event-log.js';
import { formatWatchEvent, type WatchEvent, type WatchReporter } from '../watch/watch-events.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { locked } from './changing.js';
import { withInterrupt } from './interrupt.js';
import { currentRun } from '../ui/run-context.js';
import { resolveServices } from './services.js';
import { print, say } from '../ui/output.js';
import { printResult } from './result-event.js';

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

/**
 * Plain lines with the time, or JSON events; both on stdout, as they are what the command produces.
 * Each event also goes to the project's event log, which a dashboard (here with --ui, or in another terminal) follows.
 */
function watchReporter(json: boolean, log: WatchEventLog, write: (line: string) => void = print): WatchReporter {
  const { secrets } = currentRun();
  let logFailed = false;
  return (event: WatchEvent) => {
    const logged = { time: new Date().toISOString(), ...secrets.maskData(event) };
    try {
      log.append(logged);
    } catch (error) {
      // The watch itself goes on: only a dashboard elsewhere misses its events, which is said once.
      if (!logFailed) say(`warning: dashboards will not see this watch's events: ${(error as Error).message}`);
      logFailed = true;
    }
    if (json) return write(JSON.stringify(logged));
    for (const line of formatWatchEvent(logged)) write(`${logged.time.slice(11, 23)} ${line}`);
  };
}

/**
 * Watches until Ctrl-C. The project lock is taken per action that replaces or restarts a container,
 * never for the session: a watcher left running all day must not block `up`, `down` or `reset`.
 */
export async function runWatch(flags: WatchFlags, stack?: StackSpec): Promise<void> {
  const loaded = stack ?? (await loadStackFromFlags(flags));
  const services = resolveServices(loaded, flags.services);
  const engine = await openEngine();
  const { watchStack } = await import('../watch/watch-session.js');
  const report = watchReporter(flags.json, new WatchEventLog(watchEventLogPath(loaded.projectDir)));
  await withInterrupt(async (signal) => {
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
      // The stream's last line says how it ended, as every --json command's does: by Ctrl-C, which is no failure.
      if (flags.json) printResult({ project: loaded.name, interrupted: true, exitCode: 130 });
    }
  }, 'Stopping the watch (Ctrl-C again to quit now)...');
}
