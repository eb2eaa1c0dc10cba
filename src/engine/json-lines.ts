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
