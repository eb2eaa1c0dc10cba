/** What one doctor check concluded, with the one line that fixes it. */

export type Status = 'ok' | 'warn' | 'fail';

export interface Outcome {
  /** Stable id of the check, e.g. `ports`, `engine`. */
  check: string;
  status: Status;
  message: string;
  /** Present unless the status is ok. */
  fix?: string;
}

export const ok = (check: string, message: string): Outcome => ({ check, status: 'ok', message });
export const warn = (check: string, message: string, fix: string): Outcome => ({ check, status: 'warn', message, fix });
export const fail = (check: string, message: string, fix: string): Outcome => ({ check, status: 'fail', message, fix });
