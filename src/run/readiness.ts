import { InterruptedError, ServiceNotReadyError } from '../errors.js';
import type { ContainerState, Engine, ExecResult } from '../engine/types.js';
import type { ContainerEventHub } from './event-hub.js';

/** `started`: running; `ready`: healthcheck passing, or running when there is none; `completed`: exited 0. */
export type Readiness = 'started' | 'ready' | 'completed';

export interface WaitOptions {
  service: string;
  containerId: string;
  readiness: Readiness;
  deadline: number;
  signal: AbortSignal;
  onProbe?: (attempt: number, output: string) => void;
  now?: () => number;
  /**
   * The check of a container the caller has just started (so certainly not healthy yet): the first probe
   * then need not wait for the first inspect. Not for a container that may already be healthy, where
   * that probe would be wasted and hold the command up until it ends.
   */
  healthcheck?: Check;
  /** True for a state devstack's own probe already found ready (see probed-ready.ts): no need to probe it again. */
  probedBefore?: (state: ContainerState) => boolean;
}

type Check = { test: string[]; timeoutMs?: number };

function runProbe(engine: Engine, containerId: string, command: string[], check: Check): Promise<ExecResult> {
  return engine.exec(containerId, command, check.timeoutMs ?? 30_000);
}

/** A probe started before the inspect that decides whether it counts; a failure to run it is only "no answer yet". */
function startProbe(engine: Engine, containerId: string, check: Check | undefined): { command: string[]; result: Promise<ExecResult | undefined> } | undefined {
  const command = check && probeCommand(check.test);
  if (!command) return undefined;
  return { command, result: runProbe(engine, containerId, command, check).catch(() => undefined) };
}

function sameCommand(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

const FIRST_BACKOFF_MS = 50;
/**
 * The longest pause between two probes. A check passes a moment after the service is up, and the next
 * probe is when we see it: with pauses growing to 1 s, a service ready at 1.6 s was seen at ~2.4 s
 * (bench/: cold `up` against the engine-API limit). Four probes a second is a small cost while starting.
 */
const MAX_BACKOFF_MS = 250;
const LOG_LINES = 20;

function probeCommand(test: string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

function missingCommand(command: string[]): string {
  return command[0] === '/bin/sh' && command.length === 3 ? `/bin/sh (or the program in "${command[2]}")` : `"${command[0]}"`;
}

function settled(state: ContainerState, readiness: Readiness): boolean | 'exited' {
  if (state.status === 'exited' || state.status === 'dead') {
    if (readiness === 'completed' && state.exitCode === 0) return true;
    return 'exited';
  }
  if (readiness === 'completed') return false;
  if (state.status !== 'running') return false;
  if (readiness === 'started' || !state.healthcheck) return true;
  return state.health === 'healthy';
}

/**
 * Waits for a container to be ready. Rather than sleep out the first healthcheck interval (which comes
 * one full interval after start, and Engine 20.10 has no start_interval), it runs the check itself at
 * once and then with a growing back-off, and wakes early on any engine event for the container.
 * Resolves to the container's start time when devstack's probe (now or before) is what found it ready,
 * and to undefined when the engine's own state said so.
 */
export async function waitUntilReady(engine: Engine, hub: ContainerEventHub, options: WaitOptions): Promise<string | undefined> {
  const now = options.now ?? Date.now;
  const probes: string[] = [];
  let backoff = FIRST_BACKOFF_MS;
  // The check in force as the last inspect showed it (or as the caller knows it): each round's probe runs
  // alongside its inspect rather than after it, a round trip less on a busy engine for every probe.
  const probing = options.readiness === 'ready';
  let check = probing ? options.healthcheck : undefined;
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal.aborted) throw new InterruptedError([]);
    const roundStart = now();
    const early = startProbe(engine, options.containerId, check);
    const state = await engine.inspectContainer(options.containerId);
    if (!state) throw new ServiceNotReadyError(options.service, 'exited', 'was removed while starting', probes, []);
    const verdict = settled(state, options.readiness);
    if (verdict === true) return undefined;
    if (verdict === 'exited') {
      const logs = await engine.containerLogs(options.containerId, LOG_LINES);
      throw new ServiceNotReadyError(options.service, 'exited', `exited (code ${state.exitCode}) during start`, probes, logs);
    }
    if (probing && options.probedBefore?.(state)) return state.startedAt;
    if (probing) check = state.healthcheck;
    if (probing && state.status === 'running' && state.healthcheck) {
      const command = probeCommand(state.healthcheck.test);
      if (command) {
        const answered = early && sameCommand(early.command, command) ? await early.result : undefined;
        const result = answered ?? (await runProbe(engine, state.id, command, state.healthcheck));
        const firstLine = `${result.stdout}\n${result.stderr}`.trim().split('\n')[0] ?? '';
        const output = `exit ${result.exitCode}: ${firstLine.slice(0, 200)}`;
        probes.push(output);
        options.onProbe?.(attempt, output);
        if (result.exitCode === 0) return state.startedAt;
        // A probe whose program is not in the image will never pass, so waiting is pointless.
        if (result.missingExecutable !== undefined) {
          throw new ServiceNotReadyError(
            options.service,
            'unhealthy',
            `has a healthcheck that cannot run in its container: ${missingCommand(command)} is not there`,
            probes,
            await engine.containerLogs(options.containerId, LOG_LINES),
          );
        }
      }
    }
    // The engine marks a container unhealthy once its healthcheck failed `retries` times in a row: it has
    // given up, and so does up (as Compose's up --wait does), rather than wait out --timeout.
    if (options.readiness === 'ready' && state.health === 'unhealthy') {
      throw new ServiceNotReadyError(
        options.service,
        'unhealthy',
        'is unhealthy: its healthcheck failed as many times in a row as its retries allow',
        [...state.healthLog, ...probes].slice(-5),
        await engine.containerLogs(options.containerId, LOG_LINES),
        `Fix what the healthcheck outputs above say, or raise the healthcheck's retries if the service is just slow; \`devstack logs ${options.service}\` has the full log.`,
      );
    }
    if (now() >= options.deadline) {
      const logs = await engine.containerLogs(options.containerId, LOG_LINES);
      const unhealthy = state.health === 'unhealthy' || probes.length > 0;
      throw new ServiceNotReadyError(
        options.service,
        unhealthy ? 'unhealthy' : 'timeout',
        unhealthy
          ? 'did not pass its healthcheck before the timeout'
          : `was not ${options.readiness === 'completed' ? 'finished' : 'ready'} before the timeout`,
        [...state.healthLog, ...probes].slice(-5),
        logs,
      );
    }
    // Paced from the start of this round, so a probe's own run time (an exec is 50-100 ms on a busy
    // engine) is not added to every pause.
    const pause = Math.max(0, Math.min(backoff - (now() - roundStart), options.deadline - now()));
    await hub.next(options.containerId, pause, options.signal);
    backoff = Math.min(backoff * 2, state.healthcheck?.intervalMs ?? MAX_BACKOFF_MS, MAX_BACKOFF_MS);
  }
}
