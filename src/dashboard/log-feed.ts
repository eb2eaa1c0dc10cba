import type { Engine } from '../engine/types.js';
import { LABEL_SERVICE } from '../engine/types.js';
import type { ServiceLogLine } from '../logs/log-line.js';
import { showLogs } from '../logs/show-logs.js';
import type { StackSpec } from '../model/stack.js';
import { serviceContainers } from '../run/service-containers.js';
import type { LogLineView } from './view.js';

/** Lines per service from before the dashboard started, as `logs -f` shows. */
const BACKLOG_TAIL = 200;
/** What a page that opens later gets first; older lines are gone from the server (the engine still has them). */
const KEEP = 2000;
/** Lines are sent in batches: one message per batch, not per line, so a chatty service costs few writes. */
const BATCH_MS = 40;

/**
 * All services' logs, followed as `devstack logs -f` follows them (the same showLogs, across restarts
 * and recreates), masked, kept in a bounded ring for pages that open later, and handed to listeners in batches.
 */
export class LogFeed {
  private readonly ring: LogLineView[] = [];
  private pending: LogLineView[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(lines: LogLineView[]) => void>();
  private readonly controller = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly stack: StackSpec,
    private readonly mask: (text: string) => string,
  ) {}

  start(): void {
    this.running = (async () => {
      const services = [
        ...new Set([
          ...Object.keys(this.stack.services),
          ...(await serviceContainers(this.engine, this.stack)).map((c) => c.labels[LABEL_SERVICE]!).filter(Boolean),
        ]),
      ];
      while (!this.controller.signal.aborted) {
        try {
          await showLogs(this.engine, this.stack, {
            services,
            discover: true,
            follow: true,
            tail: BACKLOG_TAIL,
            since: undefined,
            emit: (line) => this.add(line),
            signal: this.controller.signal,
          });
        } catch {
          // A follower failed (the engine restarted, say): follow again from the current containers after a pause.
          await new Promise((resolve) => setTimeout(resolve, 1000).unref());
        }
      }
    })();
  }

  /** The lines kept so far, oldest first. */
  recent(): LogLineView[] {
    return [...this.ring, ...this.pending];
  }

  onLines(listener: (lines: LogLineView[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.controller.abort();
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private add(line: ServiceLogLine): void {
    this.pending.push({ service: line.service, stream: line.stream, time: line.time, message: this.mask(line.message) });
    this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.ring.push(...batch);
    if (this.ring.length > KEEP) this.ring.splice(0, this.ring.length - KEEP);
    for (const listener of this.listeners) listener(batch);
  }
}
