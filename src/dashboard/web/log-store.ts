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
 * incrementally so a chatty service costs work per new line, not per line kept. Paused, the view holds
 * still and the lines that came since are counted, not shown.
 */
export class LogStore {
  private lines: LogLineView[] = [];
  private shown: LogLineView[] = [];
  private filter: LogFilter = { service: '', text: '' };
  /** When each line came, so a paused view tells the lines before the pause from those after, whatever the cap trimmed. */
  private readonly arrival = new WeakMap<LogLineView, number>();
  private arrived = 0;
  private held: { at: number; frozen: LogLineView[]; since: number } | null = null;
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
    for (const line of batch) this.arrival.set(line, ++this.arrived);
    const last = this.lines[this.lines.length - 1];
    const ordered = batch.every((line, i) => (i === 0 ? !last || line.time >= last.time : line.time >= batch[i - 1]!.time));
    let recount = !ordered;
    if (ordered) {
      this.lines.push(...batch);
      for (const line of batch) {
        if (!this.matches(line)) continue;
        this.shown.push(line);
        if (this.held) this.held.since += 1;
      }
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
      recount = true;
    }
    // The cap may have dropped lines that came after the pause: those are not there to show on resume.
    if (this.held && recount) this.held.since = this.countSince(this.held.at);
  }

  get paused(): boolean {
    return this.held !== null;
  }

  /** Holds the view as it is: lines keep coming (newWhilePaused counts them) but are not shown until resume. */
  pause(): void {
    this.held ??= { at: this.arrived, frozen: this.shown.slice(), since: 0 };
    for (const listener of this.listeners) listener();
  }

  resume(): void {
    this.held = null;
    for (const listener of this.listeners) listener();
  }

  /** Lines the view would show that came after the pause (those the cap has dropped since are not counted). */
  newWhilePaused(): number {
    return this.held?.since ?? 0;
  }

  setFilter(filter: LogFilter): void {
    if (filter.service === this.filter.service && filter.text === this.filter.text) return;
    this.filter = filter;
    this.rebuild();
    // Changed while paused, the filter applies to the lines from before the pause; the later ones stay counted, not shown.
    if (this.held) {
      const at = this.held.at;
      this.held.frozen = this.shown.filter((line) => this.arrival.get(line)! <= at);
      this.held.since = this.shown.length - this.held.frozen.length;
    }
    for (const listener of this.listeners) listener();
  }

  /** What the page shows: the filtered lines, or while paused those of them that came before the pause. */
  view(): LogLineView[] {
    return this.held?.frozen ?? this.shown;
  }

  total(): number {
    return this.lines.length;
  }

  /** Where "First error" goes: the index of the first error line in view(), or -1. */
  firstError(): number {
    return this.view().findIndex(isErrorLine);
  }

  private matches(line: LogLineView): boolean {
    if (this.filter.service && line.service !== this.filter.service) return false;
    return !this.filter.text || line.message.toLowerCase().includes(this.filter.text.toLowerCase());
  }

  private rebuild(): void {
    this.shown = this.filter.service || this.filter.text ? this.lines.filter((line) => this.matches(line)) : this.lines.slice();
  }

  private countSince(at: number): number {
    let count = 0;
    for (const line of this.shown) if (this.arrival.get(line)! > at) count += 1;
    return count;
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
