import { ConfirmationRequiredError } from '../errors.js';
import { formatBytes } from '../model/bytes.js';
import { canAsk, confirm } from '../ui/prompt.js';
import { say } from '../ui/output.js';

export function size(bytes: number | undefined): string {
  return bytes === undefined ? 'size unknown' : formatBytes(bytes);
}

export interface AgreeOptions {
  yes: boolean;
  /** The words a user typed, for the refusal message: `reset --volumes`, `down --volumes`. */
  command: string;
  /** The full command line that would delete them without asking. */
  again: string;
  /** Said after the list when a snapshot is taken first, e.g. how to undo. */
  undo?: string;
}

/** The volumes to delete, listed with their sizes and agreed to; throws when nobody can agree and --yes was not given. */
export async function agreeOnVolumes(volumes: Array<{ name: string }>, sizes: Record<string, number | undefined>, options: AgreeOptions): Promise<boolean> {
  const width = Math.max(...volumes.map((v) => v.name.length));
  say(
    [
      'These volumes will be deleted, with all their data:',
      ...volumes.map((v) => `  ${v.name.padEnd(width)}  ${size(sizes[v.name])}`),
      ...(options.undo ? [options.undo] : []),
    ].join('\n'),
  );
  if (options.yes) return true;
  if (!canAsk()) {
    throw new ConfirmationRequiredError(
      `${options.command} would delete ${volumes.length === 1 ? '1 volume' : `${volumes.length} volumes`} and there is no terminal to confirm it; nothing was changed`,
      `Run \`${options.again}\` to delete them.`,
    );
  }
  return confirm(`Delete ${volumes.length === 1 ? 'this volume' : `these ${volumes.length} volumes`}?`);
}
