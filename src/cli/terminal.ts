import { fstatSync } from 'node:fs';
import type { TerminalSize } from '../engine/types.js';

/** Both ends are a person's terminal: the condition for giving a command a TTY by default. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** stdin is a pipe, a file or a socket: something is being fed in. A terminal or /dev/null is not. */
export function stdinIsPiped(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

/** The window's size of the terminal on stdout. */
export function terminalSize(): TerminalSize {
  return { rows: process.stdout.rows, columns: process.stdout.columns };
}

export interface Terminal {
  size(): TerminalSize;
  /** Calls back on every window resize until the returned function is called. */
  onResize(listener: () => void): () => void;
}

/**
 * Puts the user's terminal in raw mode, so every key reaches the container as it is typed, and puts
 * it back however the work ends: returning, throwing, or the process exiting under it.
 */
export async function inRawMode<T>(work: (terminal: Terminal) => Promise<T>): Promise<T> {
  const { stdin, stdout } = process;
  const wasRaw = stdin.isRaw;
  const restore = () => stdin.setRawMode(wasRaw);
  process.once('exit', restore);
  stdin.setRawMode(true);
  try {
    return await work({
      size: terminalSize,
      onResize: (listener) => {
        stdout.on('resize', listener);
        return () => stdout.off('resize', listener);
      },
    });
  } finally {
    restore();
    process.off('exit', restore);
  }
}
