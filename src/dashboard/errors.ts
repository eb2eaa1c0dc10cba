import { DevstackError } from '../errors.js';

/** The dashboard could not listen where it was asked to (port taken, address not on this machine). */
export class DashboardListenError extends DevstackError {
  readonly exitCode = 1;
  constructor(address: string, cause: string) {
    super(`The dashboard cannot listen on ${address}: ${cause}`, 'Leave out --port to take a free port, or give another one.');
  }
}

/** The front end is not built (a checkout without `npm run bundle`). */
export class DashboardNotBuiltError extends DevstackError {
  readonly exitCode = 1;
  constructor(dir: string) {
    super(`The dashboard's page is missing from ${dir}`, 'Bundle it with `npm run bundle` (a checkout needs it; the published package ships it).');
  }
}

/** Ctrl-C is how a dashboard ends; it ends like every interrupted command (exit 130), and says the stack is untouched. */
export class DashboardClosedError extends DevstackError {
  readonly exitCode = 130;
  constructor() {
    super('Dashboard closed.', 'The stack keeps running: `devstack status` shows it, `devstack down` stops it.');
  }
}
