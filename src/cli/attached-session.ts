import type { AttachedProcess, ProcessIo } from '../engine/types.js';
import { inRawMode, stdinIsPiped } from './terminal.js';

/**
 * Runs a process in a container with the user's streams: with a TTY, the terminal in raw mode and
 * window resizes forwarded; without, stdout and stderr kept apart and stdin passed on when piped.
 * Returns the process's exit code.
 */
export async function runAttached(tty: boolean, start: (io: ProcessIo) => Promise<AttachedProcess>): Promise<number> {
  const stdin = attachesStdin(tty) ? process.stdin : undefined;
  const io: ProcessIo = { tty, stdout: process.stdout, stderr: process.stderr, ...(stdin ? { stdin } : {}) };
  try {
    if (!tty) return await (await start(io)).exitCode;
    return await inRawMode(async (terminal) => {
      const attached = await start({ ...io, size: terminal.size() });
      // A resize the engine refuses (the process has just ended) changes nothing worth reporting.
      const resize = () => void attached.resize(terminal.size()).catch(() => undefined);
      resize();
      const stopResizing = terminal.onResize(resize);
      try {
        return await attached.exitCode;
      } finally {
        stopResizing();
      }
    });
  } finally {
    // Stop reading stdin, or the process would wait for more input that has nowhere to go.
    stdin?.pause();
  }
}

/** A terminal is always attached; otherwise stdin only when something is piped in. */
export function attachesStdin(tty: boolean): boolean {
  return tty || stdinIsPiped();
}
