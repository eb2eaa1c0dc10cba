import { reportError } from '../ui/error-report.js';
import { printJson } from '../ui/output.js';
import { currentRun } from './run-context.js';

/**
 * The last line of a --json run, on success and failure alike, so a script reads one event to know how
 * it ended: `ok`, and on failure the exit code and the message stderr shows, masked the same way.
 */
export function printResult(fields: object): void {
  printJson({ type: 'result', ok: true, ...fields });
}

export function printFailedResult(project: string, error: unknown): void {
  const { secrets } = currentRun();
  const report = reportError(error, secrets.masker);
  printJson({
    type: 'result',
    ok: false,
    project,
    exitCode: report.exitCode,
    error: error instanceof Error ? secrets.mask(error.message) : String(error),
  });
}

/** Runs a --json command's work after its stack is loaded; a failure ends the output with its result event, then goes on up. */
export async function endingWithResult<T>(json: boolean, project: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (json) printFailedResult(project, error);
    throw error;
  }
}
