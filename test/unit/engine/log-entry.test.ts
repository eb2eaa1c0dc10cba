import { describe, expect, it } from 'vitest';
import { TimestampedLines } from '../../../src/engine/log-entry.js';

describe('TimestampedLines', () => {
  it('splits the stamp from the message and keeps spaces in the message', () => {
    const lines = new TimestampedLines();
    expect(lines.entry({ stream: 'stderr', text: '2024-05-01T12:00:00.123456789Z  two  spaces' })).toEqual({
      stream: 'stderr',
      time: '2024-05-01T12:00:00.123456789Z',
      message: ' two  spaces',
    });
  });

  it('reads an empty line', () => {
    expect(new TimestampedLines().entry({ stream: 'stdout', text: '2024-05-01T12:00:00.000000000Z ' }).message).toBe('');
  });

  it('gives a line without a stamp the time of the line before', () => {
    const lines = new TimestampedLines();
    lines.entry({ stream: 'stdout', text: '2024-05-01T12:00:00.5Z first' });
    expect(lines.entry({ stream: 'stdout', text: 'continued' })).toEqual({ stream: 'stdout', time: '2024-05-01T12:00:00.500000000Z', message: 'continued' });
  });
});
