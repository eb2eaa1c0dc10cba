import type { Engine } from '../engine/types.js';
import type { StackSpec } from '../model/stack.js';
import { readBacklog } from './backlog.js';
import { LogCursor } from './cursor.js';
import { followService } from './follow.js';
import type { ServiceLogLine } from './log-line.js';
import { mergeByTime } from './merge-by-time.js';
import { ServiceStarts } from './service-starts.js';

export interface ShowLogsOptions {
  services: string[];
  /** Also follow services that start later and were not in `services` (when the user named none). */
  discover: boolean;
  follow: boolean;
  /** Lines per service from before now; undefined for all. */
  tail: number | undefined;
  since: string | undefined;
  emit: (line: ServiceLogLine) => void;
  signal: AbortSignal;
}

/**
 * Shows the services' logs so far merged in time order, then, when following, each service's new
 * lines as they come, until the signal aborts. Returns how many of the services had a container.
 */
export async function showLogs(engine: Engine, stack: StackSpec, options: ShowLogsOptions): Promise<number> {
  // One follower failing stops the others too, so the command ends with its error rather than hanging.
  const following = new AbortController();
  const stopFollowing = () => following.abort();
  options.signal.addEventListener('abort', stopFollowing, { once: true });
  const followers = new Map<string, Promise<void>>();
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  failure.catch(() => undefined);

  const follow = (starts: ServiceStarts, service: string, cursor: LogCursor, attachedTo: string | undefined) => {
    const running = followService({ engine, stack, service, cursor, attachedTo, starts, emit: options.emit, signal: following.signal });
    running.catch(failed);
    followers.set(service, running);
  };
  // Subscribed before the backlog is read, so a service starting in between is not missed.
  const starts = options.follow
    ? ServiceStarts.watch(engine, stack, (service) => {
        if (options.discover && !followers.has(service) && !options.services.includes(service))
          follow(starts!, service, new LogCursor(options.since), undefined);
      })
    : undefined;
  try {
    const cursors = options.services.map(() => new LogCursor(options.since));
    const backlogs = await Promise.all(options.services.map((service, i) => readBacklog(engine, stack, service, cursors[i]!, options.tail, options.signal)));
    mergeByTime(backlogs.map((b) => b.lines)).forEach(options.emit);
    if (starts && !following.signal.aborted) {
      options.services.forEach((service, i) => follow(starts, service, cursors[i]!, backlogs[i]!.attachedTo));
      try {
        await Promise.race([failure, new Promise<void>((resolve) => following.signal.addEventListener('abort', () => resolve(), { once: true }))]);
      } finally {
        following.abort();
        await Promise.allSettled(followers.values());
      }
    }
    return backlogs.filter((b) => b.attachedTo).length;
  } finally {
    starts?.stop();
    options.signal.removeEventListener('abort', stopFollowing);
  }
}
