import {
  EngineConflictError,
  EngineError,
  EngineExecutableMissingError,
  EngineNotFoundError,
  EnginePortTakenError,
  EnginePullError,
  type PullFailure,
} from '../errors.js';
import type { ExecResult } from './types.js';

/**
 * The engine's answer, without docker-modem's "(HTTP code 500) server error - " wrapper: on streamed
 * calls (build, pull) the body is not in `json`, only in the wrapper's message.
 */
export function engineText(error: { json?: { message?: string } | null; reason?: string; message: string }): string {
  const fromBody = error.json && typeof error.json === 'object' ? error.json.message : undefined;
  const text = fromBody ?? error.message.replace(/^\(HTTP code \d+\) [^-]*- /, '');
  return text.trim() || error.reason || error.message;
}

const UNREACHABLE =
  /dial tcp|connection refused|no such host|i\/o timeout|network is unreachable|TLS handshake|server gave HTTP response to HTTPS client|context deadline exceeded|Client\.Timeout/i;
const AUTH = /unauthorized|authentication required|no basic auth credentials|denied: requested access/i;
const NOT_FOUND = /manifest unknown|not found|repository does not exist|no such image/i;

export function pullFailure(statusCode: number | undefined, message: string): PullFailure {
  if (UNREACHABLE.test(message)) return 'registry-unreachable';
  if (statusCode === 401 || AUTH.test(message)) return 'auth';
  if (statusCode === 404 || NOT_FOUND.test(message)) return 'name-not-found';
  return 'other';
}

/**
 * The runtime's words when a process's program is not in the container: runc's `exec: "curl": executable
 * file not found in $PATH` or `exec: "/bin/sh": stat /bin/sh: no such file or directory` (older engines
 * quote the name with backslashes).
 */
function namedExecutable(text: string): string | undefined {
  return /exec: \\?"([^"\\]+)\\?": (?:executable file not found|stat [^:]+: no such file)/.exec(text)?.[1];
}

/**
 * For an exec whose output is the runtime's refusal to start it rather than the program's own: the
 * program that is missing (named by the runtime, else the command's first word), or undefined.
 */
export function execMissingExecutable(cmd: string[], result: ExecResult): string | undefined {
  if (result.exitCode === 0) return undefined;
  const output = `${result.stdout}\n${result.stderr}`;
  const named = namedExecutable(output);
  if (named) return named;
  return /executable file not found|no such file or directory: unknown/i.test(output) ? cmd[0] : undefined;
}

/** One engine answer, turned into the typed error its meaning calls for. Only src/engine reads the engine's words. */
export function typedEngineError(operation: string, statusCode: number | undefined, message: string, kind: 'pull' | 'call' = 'call'): EngineError {
  if (kind === 'pull') return new EnginePullError(operation, statusCode, message, pullFailure(statusCode, message));
  if (/port is already allocated|address already in use/i.test(message)) {
    const binding = /(?:0\.0\.0\.0|127\.0\.0\.1|\[::\]|[\d.]+):(\d+)/.exec(message);
    return new EnginePortTakenError(operation, statusCode, message, binding ? Number(binding[1]) : undefined, binding?.[0]);
  }
  const missing = namedExecutable(message);
  if (missing) return new EngineExecutableMissingError(operation, statusCode, message, missing);
  if (statusCode === 404) return new EngineNotFoundError(operation, statusCode, message);
  if (statusCode === 409) return new EngineConflictError(operation, statusCode, message);
  return new EngineError(operation, statusCode, message);
}
