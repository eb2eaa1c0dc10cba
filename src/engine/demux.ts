/**
 * Splits the engine's multiplexed stdout/stderr stream (non-TTY containers) into lines.
 * Frames carry an 8-byte header (stream type, 3 zero bytes, big-endian length); headers and
 * lines can both be split across chunks, so bytes are buffered until a frame and a line are whole.
 */
export type StreamName = 'stdout' | 'stderr';

export interface DemuxedLine {
  stream: StreamName;
  text: string;
}

export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<StreamName, string> = { stdout: '', stderr: '' };

  constructor(private readonly tty: boolean) {}

  /** Feeds a chunk; returns the lines it completed. */
  push(chunk: Buffer): DemuxedLine[] {
    if (this.tty) return this.addText('stdout', chunk.toString('utf8'));
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const lines: DemuxedLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream: StreamName = this.pending[0] === 2 ? 'stderr' : 'stdout';
      lines.push(...this.addText(stream, this.pending.subarray(8, 8 + size).toString('utf8')));
      this.pending = this.pending.subarray(8 + size);
    }
    return lines;
  }

  /** Lines still without a newline when the stream ends. */
  flush(): DemuxedLine[] {
    const rest: DemuxedLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) rest.push({ stream, text: this.partial[stream] });
      this.partial[stream] = '';
    }
    return rest;
  }

  private addText(stream: StreamName, text: string): DemuxedLine[] {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    return parts.map((line) => ({ stream, text: line.endsWith('\r') ? line.slice(0, -1) : line }));
  }
}
