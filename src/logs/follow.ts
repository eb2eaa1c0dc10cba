import { EngineNotFoundError } from '../errors.js';
import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { currentContainer } from '../run/service-containers.js';
import { runKey } from './backlog.js';
import type { LogCursor } from './cursor.js';
import type { ServiceLogLine } from './log-line.js';
import type { ServiceStarts } from './service-starts.js';

/** How long to wait for a start event before looking again anyway. */
const POLL_MS = 2000;
/** The engine closes a container's log a moment before it records the stop. */
const SETTLE_MS = 200;

export interface FollowOptions {
  engine: Engine;
  stack: StackSpec;
  service: string;
  cursor: LogCursor;
  /** The container run the backlog was read from, if any. */
  attachedTo: string | undefined;
  starts: ServiceStarts;
  emit: (line: ServiceLogLine) => void;
  signal: AbortSignal;
}

/**
 * Follows one service until the signal aborts: its current container while it runs, then, after a
 * restart or a recreate, the next run, from the cursor, so no line is lost or shown twice.
 */
export async function followService(options: FollowOptions): Promise<void> {
  const { engine, stack, service, cursor, starts, signal } = options;
  let attached = options.attachedTo;
  while (!signal.aborted) {
    const started = starts.next(service, POLL_MS, signal);
    try {
      const container = await currentContainer(engine, stack, service);
      const key = container && runKey(container);
      if (container && (key !== attached || container.status === 'running')) {
        if (key === attached) await starts.next(service, SETTLE_MS, signal);
        attached = key;
        cursor.reattach();
        const since = cursor.since;
        for await (const entry of engine.logs(container.id, { follow: true, ...(since ? { since } : {}) }, signal)) {
          if (cursor.accept(entry)) options.emit({ service, ...entry });
        }
        continue;
      }
    } catch (error) {
      // The container went away between looking it up and reading it: look again.
      if (!(error instanceof EngineNotFoundError)) throw error;
    }
    await started;
  }
}
