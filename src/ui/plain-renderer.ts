import type { Reporter, RunEvent } from '../run/events.js';
import { print, say } from './output.js';
import { formatElapsed } from '../model/elapsed.js';

const PROGRESS_EVERY_MS = 2000;

function describe(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'plan':
      return undefined;
    case 'service': {
      const elapsed = event.elapsedMs !== undefined ? ` (${formatElapsed(event.elapsedMs)})` : '';
      return `${event.service}: ${event.phase}${event.detail ? ` ${event.detail}` : ''}${elapsed}`;
    }
    case 'progress':
      return `${event.service}: ${event.detail}`;
    case 'output':
      return `${event.service} | ${event.line}`;
    case 'resource':
      return `${event.kind} ${event.name}: ${event.action}`;
    case 'note':
      return `${event.level === 'warn' ? 'warning: ' : ''}${event.message}`;
  }
}

/** Timestamped lines for logs and CI; progress is thinned so a long pull does not flood the log. */
export function plainReporter(write: (line: string) => void = say): Reporter {
  const lastProgress = new Map<string, number>();
  return (event) => {
    if (event.type === 'progress') {
      const now = Date.now();
      if (now - (lastProgress.get(event.service) ?? 0) < PROGRESS_EVERY_MS) return;
      lastProgress.set(event.service, now);
    }
    const text = describe(event);
    if (text) write(`${new Date().toISOString().slice(11, 23)} ${text}`);
  };
}

export function jsonReporter(write: (line: string) => void = print): Reporter {
  return (event) => write(JSON.stringify({ time: new Date().toISOString(), ...event }));
}
