import { vi } from 'vitest';

/** Swallows what is written to a stream and gives it back as one string; restored by vi.restoreAllMocks. */
export function capture(stream: NodeJS.WriteStream): () => string {
  const write = vi.spyOn(stream, 'write').mockImplementation(() => true);
  return () => write.mock.calls.map(([text]) => String(text)).join('');
}
