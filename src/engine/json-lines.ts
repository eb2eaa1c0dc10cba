import type { Readable } from 'node:stream';

/** Reads a stream of newline-separated JSON objects (pull and build output); a throw from onMessage ends the read. */
export async function readJsonLines<T>(stream: Readable, onMessage: (message: T) => void): Promise<void> {
  let buffered = '';
  for await (const chunk of stream) {
    buffered += (chunk as Buffer).toString('utf8');
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onMessage(JSON.parse(line) as T);
  }
  if (buffered.trim()) onMessage(JSON.parse(buffered) as T);
}

/**
 * The same, as an iteration for streams that never end by themselves (events, stats): aborting `signal`
 * destroys the stream, so a follow that waits on an idle engine does not keep the process alive.
 */
export async function* jsonLinesUntilAborted<T>(stream: Readable, signal: AbortSignal): AsyncGenerator<T, void> {
  const stop = () => {
    stream.destroy();
  };
  // Aborted while the engine was still answering: the listener below would never fire.
  if (signal.aborted) return stop();
  signal.addEventListener('abort', stop, { once: true });
  let buffered = '';
  try {
    for await (const chunk of stream) {
      // One chunk may carry several objects, or half of one (dockerode#363).
      buffered += (chunk as Buffer).toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) yield JSON.parse(line) as T;
    }
  } finally {
    signal.removeEventListener('abort', stop);
    stream.destroy();
  }
}
