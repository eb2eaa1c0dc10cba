import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { currentContainer } from '../run/service-containers.js';
import type { LogCursor } from './cursor.js';
import type { ServiceLogLine } from './log-line.js';

export interface Backlog {
  lines: ServiceLogLine[];
  /** Which run of which container the lines came from (`id@startedAt`), for the follower to carry on from. */
  attachedTo: string | undefined;
}

/** The key a follower compares to know whether a container is one it has already read. */
export function runKey(container: { id: string; startedAt?: string }): string {
  return `${container.id}@${container.startedAt ?? ''}`;
}

/**
 * A service's log so far: the last `tail` lines (all when undefined) since `cursor.since`. Every line
 * read goes through the cursor, so following can start right after them. With tail 0 one line is
 * still read, and not shown, only to place the cursor: following then starts from now, not from the beginning.
 */
export async function readBacklog(
  engine: Engine,
  stack: StackSpec,
  service: string,
  cursor: LogCursor,
  tail: number | undefined,
  signal: AbortSignal,
): Promise<Backlog> {
  const container = await currentContainer(engine, stack, service);
  if (!container) return { lines: [], attachedTo: undefined };
  const since = cursor.since;
  const request = { follow: false, ...(tail !== undefined ? { tail: Math.max(tail, 1) } : {}), ...(since ? { since } : {}) };
  const lines: ServiceLogLine[] = [];
  for await (const entry of engine.logs(container.id, request, signal)) if (cursor.accept(entry)) lines.push({ service, ...entry });
  return { lines: tail === 0 ? [] : lines, attachedTo: runKey(container) };
}
