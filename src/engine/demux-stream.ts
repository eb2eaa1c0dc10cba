import { Transform, type TransformCallback } from 'node:stream';

/** Keeps the last `limit` bytes written to it: enough of a process's output to explain a failure. */
export class Tail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = 16 * 1024) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= this.limit) this.size -= this.chunks.shift()!.length;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all
      .subarray(Math.max(0, all.length - this.limit))
      .toString('utf8')
      .trim();
  }
}

/**
 * The engine's multiplexed exec stream (8-byte frame headers, no TTY) as a byte stream of the process's
 * stdout, with stderr handed aside. Unlike FrameDemuxer it keeps bytes as bytes (archives, dumps) and
 * passes backpressure on: a frame is pushed only as the reader takes it.
 */
export class StdoutDemuxer extends Transform {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly onStderr: (chunk: Buffer) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      if (this.pending[0] === 2) this.onStderr(payload);
      else if (payload.length) this.push(payload);
      this.pending = this.pending.subarray(8 + size);
    }
    // A frame header can be split across chunks: keep only the unread rest, copied so the big chunk can go.
    if (this.pending.length) this.pending = Buffer.from(this.pending);
    done();
  }

  override _flush(done: TransformCallback): void {
    done(this.pending.length ? new Error(`the exec stream ended inside a frame (${this.pending.length} bytes left)`) : null);
  }
}
