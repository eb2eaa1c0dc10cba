import { startDebug, stopDebug, type DebugOff, type DebugSession } from '../debug/debug-session.js';
import type { Runtime } from '../debug/runtime.js';
import { prepareHost } from '../profiles/prepare-host.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { commandLine } from './command-line.js';
import { changing } from './changing.js';
import { reporterFor } from './reporter-for.js';
import type { StackSpec } from '../model/stack.js';
import { resolveService } from './services.js';
import { print, say } from '../ui/output.js';
import { printResult } from './result-event.js';

export interface DebugFlags extends StackFlags {
  service: string;
  runtime?: Runtime;
  port?: number;
  /** Hold the program until a debugger attaches. */
  waitForDebugger: boolean;
  /** False for --no-lock-wait: fail at once when another command is changing the project. */
  'lock-wait': boolean;
  off: boolean;
  timeout: number;
  'launch-json': boolean;
  json: boolean;
}

export type DebugOutcome = ({ mode: 'on' } & DebugSession) | ({ mode: 'off' } & DebugOff);

/** How to attach, in a few lines a person reads once. */
export function attachHelp(session: DebugSession): string[] {
  const lines = [`${session.service} runs under ${session.debugger}, listening on ${session.address}.`];
  if (session.devtoolsUrl) lines.push(`  Chrome DevTools: ${session.devtoolsUrl}`, '  (or open chrome://inspect and add the address under "Configure...")');
  if (session.runtime === 'go') lines.push(`  dlv connect ${session.address}`);
  if (session.runtime === 'java') lines.push(`  jdb -attach ${session.address}`);
  if (session.launchJson && 'configuration' in session.launchJson) {
    lines.push(
      `  VS Code: "${session.launchJson.configuration.name}" in ${session.launchJson.path} (${session.launchJson.action}); ${session.roots.localRoot} -> ${session.roots.remoteRoot}`,
    );
  } else if (session.launchJson) {
    lines.push(`  ${session.launchJson.path} ${session.launchJson.error}`);
  }
  return lines;
}

export async function runDebug(flags: DebugFlags): Promise<DebugOutcome> {
  const loaded = await loadStackFromFlags(flags);
  return debugStack(loaded, flags);
}

async function debugStack(loaded: StackSpec, flags: DebugFlags): Promise<DebugOutcome> {
  const output = reporterFor(flags.json);
  try {
    const service = resolveService(loaded, flags.service);
    const engine = await openEngine();
    const stack = await prepareHost(loaded, output.reporter);
    const outcome: DebugOutcome = await changing(stack, flags['lock-wait'], async (signal) =>
      flags.off
        ? { mode: 'off' as const, ...(await stopDebug(engine, stack, { service, timeoutMs: flags.timeout * 1000, signal }, output.reporter)) }
        : {
            mode: 'on' as const,
            ...(await startDebug(
              engine,
              stack,
              {
                service,
                ...(flags.runtime ? { runtime: flags.runtime } : {}),
                ...(flags.port ? { port: flags.port } : {}),
                wait: flags.waitForDebugger,
                timeoutMs: flags.timeout * 1000,
                signal,
                writeLaunchJson: flags['launch-json'],
              },
              output.reporter,
            )),
          },
    );
    await output.finish();
    if (output.json) {
      printResult(outcome);
      return outcome;
    }
    if (outcome.mode === 'off') {
      say(
        outcome.wasDebugging
          ? `${service} is back to its normal spec (${outcome.action}).`
          : `${service} was not in debug mode; it is up with its normal spec (${outcome.action}).`,
      );
      return outcome;
    }
    say(`Runtime: ${outcome.runtime}, because ${outcome.reason}.`);
    print(attachHelp(outcome).join('\n'));
    if (flags.waitForDebugger) say(`The program waits for a debugger to attach before it runs.`);
    say(`Back to normal: \`${commandLine(flags, 'debug', service, '--off')}\` (plain \`devstack up\` does it too, unless --keep-debug).`);
    return outcome;
  } finally {
    await output.finish();
  }
}
