import type { LogLineView } from '../view.js';

/** What a person would call an error line: where "jump to the first error" goes. */
const ERROR = /\b(error|fatal|panic|exception|traceback|failed)\b/i;

export function isErrorLine(line: LogLineView): boolean {
  return ERROR.test(line.message);
}

export interface LogFilter {
  /** Empty for all services merged. */
  service: string;
  text: string;
}

/**
 * The page's log lines: capped (the oldest go first), kept in time order, and the filtered view kept
 * incrementally so a chatty service costs work per new line, not per line kept.
 */
export class LogStore {
  private lines: LogLineView[] = [];
  private shown: LogLineView[] = [];
  private filter: LogFilter = { service: '', text: '' };
  /** Lines the server could not send because this page fell behind. */
  dropped = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly cap: number) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(batch: LogLineView[]): void {
    this.append(batch);
    for (const listener of this.listeners) listener();
  }

  private append(batch: LogLineView[]): void {
    const last = this.lines[this.lines.length - 1];
    const ordered = batch.every((line, i) => (i === 0 ? !last || line.time >= last.time : line.time >= batch[i - 1]!.time));
    if (ordered) {
      this.lines.push(...batch);
      for (const line of batch) if (this.matches(line)) this.shown.push(line);
    } else {
      // Services' lines interleave: a late line goes where its time puts it (rare, and then the view is rebuilt).
      for (const line of batch) this.lines.splice(this.upperBound(line.time), 0, line);
      this.rebuild();
    }
    // Trimmed in chunks, so the copy is paid once per tenth of the cap, not per batch.
    if (this.lines.length > this.cap * 1.1) {
      const first = this.lines[this.lines.length - this.cap]!;
      this.lines = this.lines.slice(this.lines.length - this.cap);
      const keepFrom = this.shown.findIndex((line) => line.time >= first.time);
      this.shown = keepFrom < 0 ? [] : this.shown.slice(keepFrom);
    }
  }

  setFilter(filter: LogFilter): void {
    if (filter.service === this.filter.service && filter.text === this.filter.text) return;
    this.filter = filter;
    this.rebuild();
    for (const listener of this.listeners) listener();
  }

  view(): LogLineView[] {
    return this.shown;
  }

  total(): number {
    return this.lines.length;
  }

  firstError(): number {
    return this.shown.findIndex(isErrorLine);
  }

  private matches(line: LogLineView): boolean {
    if (this.filter.service && line.service !== this.filter.service) return false;
    return !this.filter.text || line.message.toLowerCase().includes(this.filter.text.toLowerCase());
  }

  private rebuild(): void {
    this.shown = this.filter.service || this.filter.text ? this.lines.filter((line) => this.matches(line)) : this.lines.slice();
  }

  private upperBound(time: string): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]!.time <= time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
