import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StdoutDemuxer, Tail } from '../../../src/engine/demux-stream.js';

function frame(stream: 1 | 2, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

async function demux(chunks: Buffer[]): Promise<{ stdout: Buffer; stderr: Buffer }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new StdoutDemuxer((c) => err.push(Buffer.from(c))),
    new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) }),
  );
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}

describe('StdoutDemuxer', () => {
  it('keeps stdout bytes exact and apart from stderr, however the frames are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(1 as const, 2 as const), fc.uint8Array({ maxLength: 300 }))),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        async (frames, cuts) => {
          const wire = Buffer.concat(frames.map(([s, p]) => frame(s, Buffer.from(p))));
          const chunks: Buffer[] = [];
          for (let at = 0, i = 0; at < wire.length; i += 1) {
            const size = cuts[i % cuts.length]!;
            chunks.push(wire.subarray(at, at + size));
            at += size;
          }
          const { stdout, stderr } = await demux(chunks);
          expect(stdout.equals(Buffer.concat(frames.filter(([s]) => s === 1).map(([, p]) => Buffer.from(p))))).toBe(true);
          expect(stderr.equals(Buffer.concat(frames.filter(([s]) => s === 2).map(([, p]) => Buffer.from(p))))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('fails when the stream stops inside a frame', async () => {
    const whole = frame(1, Buffer.from('hello'));
    await expect(demux([whole.subarray(0, 10)])).rejects.toThrow(/ended inside a frame/);
  });
});

describe('Tail', () => {
  it('keeps only the last bytes', () => {
    const tail = new Tail(10);
    for (let i = 0; i < 100; i += 1) tail.add(Buffer.from(`line ${i}\n`));
    expect(tail.text()).toBe('8\nline 99');
  });
});
