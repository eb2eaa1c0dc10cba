import { lineFormatter } from '../logs/format.js';
import { showLogs } from '../logs/show-logs.js';
import { parseSince } from '../logs/since.js';
import { serviceContainers } from '../run/service-containers.js';
import { LABEL_SERVICE } from '../engine/types.js';
import { colorEnabled } from '../ui/output-mode.js';
import { commandLine } from './command-line.js';
import { loadStackFromFlags, openEngine, type StackFlags } from './load-stack.js';
import { resolveServices } from './services.js';
import { untilStopped } from './stop-signal.js';
import { print, say } from '../ui/output.js';

export interface LogsFlags extends StackFlags {
  services: string[];
  follow: boolean;
  tail?: number;
  since?: string;
  timestamps: boolean;
  color: boolean;
  json: boolean;
}

/** Following shows the last 100 lines first, as a person watching wants context, not the whole history. */
const FOLLOW_TAIL = 100;

export async function runLogs(flags: LogsFlags): Promise<void> {
  const stack = await loadStackFromFlags(flags);
  const named = resolveServices(stack, flags.services);
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  const engine = await openEngine();
  // All services: the stack's, and any container of ours whose service the file no longer names.
  const services = named.length
    ? named
    : [...new Set([...Object.keys(stack.services), ...(await serviceContainers(engine, stack)).map((c) => c.labels[LABEL_SERVICE]!).filter(Boolean)])];
  const format = lineFormatter({ services, color: flags.color && !flags.json && colorEnabled(), timestamps: flags.timestamps, json: flags.json });
  const withContainers = await untilStopped((signal) =>
    showLogs(engine, stack, {
      services,
      discover: named.length === 0,
      follow: flags.follow,
      tail: flags.tail ?? (flags.follow ? FOLLOW_TAIL : undefined),
      since,
      emit: (line) => print(format(line)),
      signal,
    }),
  );
  if (!withContainers && !flags.follow)
    say(`No containers yet for ${named.length ? named.join(', ') : stack.name}; start them with \`${commandLine(flags, 'up', ...named)}\`.`);
}
