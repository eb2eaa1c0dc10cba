import { UnknownCommandError } from '../errors.js';
import { reportError } from '../ui/error-report.js';
import { closestCommand } from './closest-command.js';
import { commandLine } from './command-line.js';
import { canAsk, confirm } from '../ui/prompt.js';
import { say } from '../ui/output.js';

export interface NotFound {
  /** oclif's id of what was typed: the words joined by colons (`snapshot:restor`). */
  id: string;
  /** The words after the command, when oclif split them off. */
  argv: string[];
  /** Every command a person may be offered: hidden ones left out. */
  commandIds: string[];
  /** Turns an id into the words a person types (`snapshot restore`). */
  spoken: (id: string) => string;
  run: (id: string, argv: string[]) => Promise<unknown>;
}

/**
 * A mistyped command: say the nearest one and how to run it, exit 2 (a usage error). In a terminal
 * the person may run it at once; anywhere else nothing is asked, since no one can answer.
 */
export async function commandNotFound(input: NotFound): Promise<unknown> {
  const suggestion = closestCommand(input.id, input.commandIds);
  if (!suggestion) return undefined;
  // `snapshot restor x` reaches here as one id, `snapshot:restor:x`: what follows the suggestion's words is its argv.
  const argv = input.argv.length ? input.argv : input.id.split(':').slice(suggestion.split(':').length);
  const error = new UnknownCommandError(input.spoken(input.id), input.spoken(suggestion), commandLine({}, ...input.spoken(suggestion).split(' '), ...argv));
  say(reportError(error, (text) => text).text);
  if (canAsk() && (await confirm(`Run \`${error.runLine}\` now?`))) return input.run(suggestion, argv);
  process.exitCode = error.exitCode;
  return undefined;
}
