import { describe, expect, it } from 'vitest';
import { execText } from '../../../src/engine/exec-text.js';
import { FrameDemuxer } from '../../../src/engine/demux.js';

/** The text exec() returned when it split the output into lines and joined them again. */
function joinedLines(text: string): string {
  const demuxer = new FrameDemuxer(true);
  return [...demuxer.push(Buffer.from(text)), ...demuxer.flush()].map((line) => line.text).join('\n');
}

describe('execText', () => {
  it.each(['', 'PONG\n', 'a\r\nb\r\n', 'a\n\nb\n\n', 'no newline', 'a\rb\n', '\n', 'x\r\n\r\n'])('gives %j as line-joining did', (text) => {
    expect(execText(Buffer.from(text))).toBe(joinedLines(text));
  });
});
