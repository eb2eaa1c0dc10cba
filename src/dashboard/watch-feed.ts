import { open, stat } from 'node:fs/promises';
import type { LoggedWatchEvent } from '../watch/event-log.js';

/** How often the log is looked at: a watch event reaches the page within this. */
const POLL_MS = 200;
/** Events a page that opens later gets first. */
const KEEP = 200;

/**
 * Follows the project's watch event log, which every `devstack watch` appends to (in this process
 * with `watch --ui`, or in another terminal), as `tail -F` would: from its last events, across the
 * log being moved aside and started again. Polled with stat, so a log that does not exist yet is fine.
 */
export class WatchFeed {
  private readonly kept: LoggedWatchEvent[] = [];
  private readonly listeners = new Set<(events: LoggedWatchEvent[]) => void>();
  private offset = 0;
  private inode: number | undefined;
  private partial = '';
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly path: string,
    private readonly mask: <T>(value: T) => T,
    private readonly pollMs = POLL_MS,
  ) {}

  /** Reads what the log has now, then follows it until stop(). */
  async start(): Promise<void> {
    await this.check();
    // Closed while the first read was under way (a Ctrl-C right after the link).
    if (this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** The newest events, oldest first. */
  recent(): LoggedWatchEvent[] {
    return [...this.kept];
  }

  onEvents(listener: (events: LoggedWatchEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One look at a time: a slow disk must not have two reads append the same lines. A log that vanished mid-read is read again next time. */
  check(): Promise<void> {
    this.reading ??= this.read()
      .catch(() => undefined)
      .finally(() => (this.reading = undefined));
    return this.reading;
  }

  private async read(): Promise<void> {
    const now = await stat(this.path).catch(() => undefined);
    if (!now) return;
    // Moved aside and begun again (or cut short): the new log is read from its start.
    if (now.ino !== this.inode || now.size < this.offset) {
      this.inode = now.ino;
      this.offset = 0;
      this.partial = '';
    }
    if (now.size <= this.offset) return;
    const file = await open(this.path, 'r');
    let text: string;
    try {
      const buffer = Buffer.alloc(now.size - this.offset);
      const { bytesRead } = await file.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await file.close();
    }
    const lines = (this.partial + text).split('\n');
    // A line the watch is still writing ends in the next read.
    this.partial = lines.pop() ?? '';
    const events = lines
      .flatMap((line) => parse(line))
      .slice(-KEEP)
      .map((e) => this.mask(e));
    if (!events.length) return;
    this.kept.push(...events);
    if (this.kept.length > KEEP) this.kept.splice(0, this.kept.length - KEEP);
    for (const listener of this.listeners) listener(events);
  }
}

function parse(line: string): LoggedWatchEvent[] {
  if (!line.trim()) return [];
  try {
    const event = JSON.parse(line) as Partial<LoggedWatchEvent>;
    return typeof event.type === 'string' && typeof event.time === 'string' ? [event as LoggedWatchEvent] : [];
  } catch {
    return [];
  }
}
