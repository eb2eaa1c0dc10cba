import { printJson } from '../ui/output.js';

/**
 * The last line of a --json run that succeeded, so a script reads one event to know how it ended. A
 * failure's result event is written in one place for every command, by StackCommand.catch.
 */
export function printResult(fields: object): void {
  printJson({ type: 'result', ok: true, ...fields });
}
