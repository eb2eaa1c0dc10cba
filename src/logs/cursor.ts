import type { LogEntry } from '../engine/types.js';

/**
 * Where one service's log was left, so that re-attaching (after a restart, a recreate, or the switch
 * from the backlog to following) neither loses nor repeats a line. The engine's `since` includes
 * lines stamped exactly at it, so re-attaching at the newest time seen brings back the lines printed
 * at that time: those are counted out once each, anything later or not yet seen passes.
 */
export class LogCursor {
  private newest: string | undefined;
  /** Lines printed at exactly `newest`, as stream + message. */
  private atNewest: string[] = [];
  /** Of those, the ones the current attachment has not yet repeated. */
  private toSkip: string[] = [];

  constructor(private readonly initialSince?: string) {}

  /** What to ask the engine for on the next attachment. */
  get since(): string | undefined {
    return this.newest ?? this.initialSince;
  }

  /** Call before each new attachment. */
  reattach(): void {
    this.toSkip = [...this.atNewest];
  }

  /** True when the line is new and should be shown. */
  accept(entry: LogEntry): boolean {
    const key = `${entry.stream}\u0000${entry.message}`;
    if (this.newest !== undefined && entry.time < this.newest) return false;
    if (entry.time === this.newest) {
      const seen = this.toSkip.indexOf(key);
      if (seen >= 0) {
        this.toSkip.splice(seen, 1);
        return false;
      }
      this.atNewest.push(key);
      return true;
    }
    this.newest = entry.time;
    this.atNewest = [key];
    this.toSkip = [];
    return true;
  }
}
