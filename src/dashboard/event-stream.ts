import type { ServerResponse } from 'node:http';

/** Past this much unsent data a page that cannot keep up gets no more log lines until it drains. */
const HIGH_WATER = 2 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/**
 * One page's server-sent event stream. State and action events always go out (they are small and
 * each replaces the last); log batches are dropped while the page is behind, and it is told how many,
 * so a tab that cannot keep up costs the server bounded memory.
 */
export class EventStream {
  private dropped = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 1000\n\n');
    this.heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
    res.on('close', () => clearInterval(this.heartbeat));
  }

  send(event: string, data: unknown): void {
    this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  sendLines(lines: unknown[]): void {
    if (this.res.writableLength > HIGH_WATER) {
      this.dropped += lines.length;
      return;
    }
    if (this.dropped) {
      this.send('dropped', { lines: this.dropped });
      this.dropped = 0;
    }
    this.send('logs', lines);
  }

  close(): void {
    clearInterval(this.heartbeat);
    this.res.end();
  }
}
