export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

/** Read at call time, so tests may swap the globals for fake ones. */
export const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export interface BatcherOptions {
  /** Quiet time after the last change before the batch runs. */
  quietMs: number;
  /** A tree that never goes quiet (a log written every 50 ms) still runs this long after its first change. */
  maxWaitMs: number;
  timers?: Timers;
}

/**
 * Merges changes into batches and runs one batch at a time. Changes that arrive while a batch runs all
 * go into the next one, so a burst during a slow rebuild queues exactly one more run, never a pile.
 */
export class Batcher {
  private pending = new Set<string>();
  private timer: unknown;
  private firstAt = 0;
  private lastAt = 0;
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly timers: Timers;

  constructor(
    private readonly run: (paths: string[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {
    this.timers = options.timers ?? realTimers;
  }

  add(path: string): void {
    if (this.closed) return;
    const now = this.timers.now();
    if (this.pending.size === 0) this.firstAt = now;
    this.lastAt = now;
    this.pending.add(path);
    if (!this.running) this.arm();
  }

  private arm(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    const now = this.timers.now();
    const due = Math.min(this.lastAt + this.options.quietMs, this.firstAt + this.options.maxWaitMs);
    this.timer = this.timers.set(() => this.flush(), Math.max(0, due - now));
  }

  private flush(): void {
    this.timer = undefined;
    if (this.running || this.pending.size === 0 || this.closed) return;
    const batch = [...this.pending];
    this.pending = new Set();
    this.running = this.run(batch)
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.pending.size > 0 && !this.closed) this.arm();
      });
  }

  /** Resolves once no batch is running or waiting. */
  async idle(): Promise<void> {
    while (this.running || (this.pending.size > 0 && !this.closed)) {
      if (this.running) await this.running;
      else await new Promise<void>((resolve) => this.timers.set(() => resolve(), 5));
    }
  }

  /** Stops taking changes; a batch under way runs to its end. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    await this.running;
  }
}
