import { canonicalTime } from '../model/timestamp.js';
import type { DemuxedLine } from './demux.js';
import type { LogEntry } from './types.js';

/**
 * Turns `<RFC3339Nano> <message>` lines (logs asked with timestamps) into entries. A line without a
 * stamp of its own (the tail of a line the log driver split) keeps the previous line's time.
 */
export class TimestampedLines {
  private lastTime = '';

  entry(line: DemuxedLine): LogEntry {
    const space = line.text.indexOf(' ');
    const time = canonicalTime(space < 0 ? line.text : line.text.slice(0, space));
    if (!time) return { stream: line.stream, time: this.lastTime, message: line.text };
    this.lastTime = time;
    return { stream: line.stream, time, message: space < 0 ? '' : line.text.slice(space + 1) };
  }
}
