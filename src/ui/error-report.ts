import { BuildFailedError, ConfigError, DevstackError, InterruptedError, MultipleErrors, ServiceNotReadyError } from '../errors.js';
import { paint } from './style.js';

export interface Report {
  text: string;
  exitCode: number;
}

function location(problem: ConfigError['problems'][number]): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
}

function details(error: DevstackError): string[] {
  if (error instanceof ConfigError) {
    return error.problems.flatMap((p) => [
      `  ${paint('bold', location(p))}  ${p.path ? `${p.path}: ` : ''}${p.message}`,
      ...(p.hint ? [`    ${paint('dim', `fix: ${p.hint}`)}`] : []),
    ]);
  }
  if (error instanceof ServiceNotReadyError) {
    return [
      ...(error.probeOutputs.length ? ['  last healthcheck outputs:', ...error.probeOutputs.map((o) => `    ${o}`)] : []),
      ...(error.logLines.length
        ? [`  last ${error.logLines.length} log lines of ${error.service}:`, ...error.logLines.map((l) => `    | ${l}`)]
        : ['  (no log output)']),
    ];
  }
  if (error instanceof BuildFailedError) return error.output.slice(-15).map((l) => `    | ${l}`);
  if (error instanceof MultipleErrors) return error.errors.flatMap((e) => [`  - ${e.message}`, ...details(e).map((l) => `  ${l}`)]);
  return [];
}

/** The one map from errors to what the user reads and the exit code: user errors get a hint, bugs a stack. */
export function reportError(error: unknown, mask: (text: string) => string): Report {
  if (error instanceof DevstackError) {
    const head = error instanceof MultipleErrors ? `${error.errors.length} things went wrong:` : error.message;
    const lines = [`${paint('red', 'error:')} ${head}`, ...details(error)];
    // Several errors often share one fix (five names taken by another clone): each fix is said once.
    const hints =
      error instanceof MultipleErrors ? [...new Set(error.errors.map((e) => e.hint).filter((h): h is string => Boolean(h)))] : error.hint ? [error.hint] : [];
    for (const hint of hints) lines.push(`  ${paint('dim', `hint: ${hint}`)}`);
    if (error instanceof InterruptedError && error.summary.length) lines.push(...error.summary.map((s) => `  ${s.service}: ${s.state}`));
    return { text: mask(lines.join('\n')), exitCode: error.exitCode };
  }
  const bug = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { text: mask(`${paint('red', 'unexpected error (a bug in devstack; please report it):')}\n${bug}`), exitCode: 1 };
}
