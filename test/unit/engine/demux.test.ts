import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDemuxer } from '../../../src/engine/demux.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('FrameDemuxer', () => {
  it('keeps stdout and stderr apart and joins a line split across frames', () => {
    const d = new FrameDemuxer(false);
    const lines = [...d.push(Buffer.concat([frame(1, 'hel'), frame(2, 'oops\n'), frame(1, 'lo\nworld')])), ...d.flush()];
    expect(lines).toEqual([
      { stream: 'stderr', text: 'oops' },
      { stream: 'stdout', text: 'hello' },
      { stream: 'stdout', text: 'world' },
    ]);
  });

  it('loses nothing when headers and bodies are cut at every possible byte', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom<1 | 2>(1, 2), fc.stringMatching(/^[a-z ]{0,12}\n$/)), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (frames, cuts) => {
          const bytes = Buffer.concat(frames.map(([s, t]) => frame(s, t)));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const d = new FrameDemuxer(false);
          const out: string[] = [];
          let last = 0;
          for (const p of [...points, bytes.length]) {
            out.push(...d.push(bytes.subarray(last, p)).map((l) => `${l.stream}:${l.text}`));
            last = p;
          }
          expect(out).toEqual(frames.map(([s, t]) => `${s === 2 ? 'stderr' : 'stdout'}:${t.slice(0, -1)}`));
        },
      ),
    );
  });

  it('treats a TTY stream as plain stdout text without headers', () => {
    const d = new FrameDemuxer(true);
    expect(d.push(Buffer.from('a\r\nb\n'))).toEqual([
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'b' },
    ]);
  });
});
