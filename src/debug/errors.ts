import { DevstackError, ServiceNotReadyError } from '../errors.js';

/** No runtime could be told from the stack, the image or the command. */
export class RuntimeUnknownError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly service: string,
    looked: string,
  ) {
    super(
      `Could not tell which runtime service ${service} runs (${looked})`,
      `Name it: \`devstack debug ${service} --runtime go|node|python|java\`, or set x-devstack.debug.runtime on the service.`,
    );
  }
}

/** The runtime is known but its launch could not be rewritten (e.g. `npm run dev`, a Go program under Air). */
export class DebugRewriteError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly service: string,
    detail: string,
    hint: string,
  ) {
    super(`Cannot start service ${service} under a debugger: ${detail}`, hint);
  }
}

/** The container runs but its debugger never answered on the published port. */
export class DebuggerNotReadyError extends ServiceNotReadyError {
  constructor(service: string, address: string, waitedMs: number, lastError: string, logLines: string[]) {
    super(service, 'timeout', `started, but its debugger did not answer on ${address} within ${Math.round(waitedMs / 1000)}s (${lastError})`, [], logLines);
  }
}
