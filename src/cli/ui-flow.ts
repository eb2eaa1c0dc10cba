import { Flags } from '@oclif/core';
import { DashboardClosedError } from '../dashboard/errors.js';
import type { StackSpec } from '../model/stack.js';
import type { Dashboard } from '../dashboard/server.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { runWatch, type WatchFlags } from './watch-flow.js';
import { print, printJson, say } from '../ui/output.js';
import { openBrowser, opensBrowser } from './open-browser.js';

/** `ui`'s own flags, shared with `up --ui` and `watch --ui`. */
export const uiFlags = {
  port: Flags.integer({ description: 'port for the dashboard (default: a free one)', min: 0, max: 65535, helpGroup: 'DASHBOARD' }),
  host: Flags.string({
    description: 'listen on this address instead of 127.0.0.1 (anyone who reaches it and has the link controls the stack)',
    helpGroup: 'DASHBOARD',
  }),
  open: Flags.boolean({ description: 'open a browser where there is a display (--no-open never does)', default: true, allowNo: true, helpGroup: 'DASHBOARD' }),
};

export interface UiFlags extends StackFlags {
  port?: number;
  host?: string;
  open: boolean;
  json: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function serve(flags: UiFlags, stack: StackSpec, watching: boolean): Promise<Dashboard> {
  const host = flags.host ?? '127.0.0.1';
  if (flags.host && !LOOPBACK.has(flags.host)) {
    say(
      `Warning: the dashboard listens on ${flags.host}, not only on this machine: anyone who reaches that address and has the link can restart, reset and delete this project's data.`,
    );
  }
  const engine = await openEngine();
  const { startDashboard } = await import('../dashboard/server.js');
  const dashboard = await startDashboard({ engine, stack, flags, host: host === 'localhost' ? '127.0.0.1' : host, port: flags.port ?? 0, watching });
  // The link goes to stdout alone, so a script can read it; everything else goes to stderr.
  if (flags.json) printJson({ url: dashboard.url });
  else print(dashboard.url);
  say(`Dashboard of ${stack.name}${watching ? ' (with the watch timeline)' : ''}: open the link above. Ctrl-C stops the dashboard; the stack keeps running.`);
  if (opensBrowser(flags.open)) openBrowser(dashboard.url);
  return dashboard;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      // A second Ctrl-C while an action finishes leaves at once, as everywhere.
      process.once('SIGINT', () => process.exit(130));
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** `devstack ui` (and `up --ui`): serves the dashboard until Ctrl-C, which ends it like every interrupted command, exit 130. */
export async function runUi(flags: UiFlags): Promise<never> {
  const stack = await loadStackFromFlags(flags);
  // Listening before the link is printed: a Ctrl-C that follows the link at once must close the dashboard, not kill it unannounced.
  const interrupted = untilSignal();
  const dashboard = await serve(flags, stack, false);
  await interrupted;
  say('\nClosing the dashboard (Ctrl-C again to quit now)...');
  await dashboard.close();
  throw new DashboardClosedError();
}

/** `watch --ui`: the watch session as `devstack watch` runs it, with the dashboard showing its events (from the project's event log, as any dashboard does). */
export async function runWatchWithUi(flags: UiFlags & WatchFlags): Promise<void> {
  const stack = await loadStackFromFlags(flags);
  const dashboard = await serve(flags, stack, true);
  try {
    await runWatch(flags, stack);
  } finally {
    await dashboard.close();
  }
}
