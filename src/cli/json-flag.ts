import { Flags } from '@oclif/core';

/** What the commands that report progress (up, down, stop, restart, build, debug) print with --json. */
export const PROGRESS_AND_RESULT = 'print progress and the result as JSON lines';

/** `--json`, declared here for every command that has one; `prints` says what that command prints as JSON. */
export function jsonFlag(prints: string = PROGRESS_AND_RESULT) {
  return { json: Flags.boolean({ description: prints }) };
}
