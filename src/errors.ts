/**
 * One class per kind of failure, each carrying what the user needs to fix it.
 * src/ui/error-report.ts maps them to one message format and an exit code.
 */

import { buildFailureHint } from './build/failure-hint.js';

export interface ConfigProblem {
  file: string;
  /** 1-based; 0 when the problem has no position in a file (e.g. a missing file). */
  line: number;
  column: number;
  /** Key path such as `services.api.ports[0]`; empty for file-level problems. */
  path: string;
  message: string;
  /** What to write instead, e.g. a did-you-mean. */
  hint?: string;
}

export abstract class DevstackError extends Error {
  abstract readonly exitCode: number;
  /** One line telling the user what to do next. */
  readonly hint: string | undefined;
  /** The command's own output (doctor's report) already says how the run ended: no --json result line after it. */
  readonly outcomePrinted: boolean = false;

  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad stack files or flags: exit 2, and no engine call was made. */
export class ConfigError extends DevstackError {
  readonly exitCode = 2;
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.length === 1 ? '1 problem in the stack configuration' : `${problems.length} problems in the stack configuration`);
  }
}

export class UsageError extends DevstackError {
  readonly exitCode = 2;
}

export class EngineUnavailableError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly tried: string,
    readonly reason: string,
    hint: string,
  ) {
    super(`No Docker engine answered at ${tried}: ${reason}`, hint);
  }
}

/** The engine said no to a call we expected to work; carries the engine's own words. */
export class EngineError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    message: string,
    hint?: string,
  ) {
    super(`${operation}: ${message}`, hint);
  }
}

/** The engine could not bind a published host port: something else holds it. */
export class EnginePortTakenError extends EngineError {
  constructor(
    operation: string,
    statusCode: number | undefined,
    message: string,
    readonly hostPort: number | undefined,
    readonly binding: string | undefined,
  ) {
    super(operation, statusCode, message);
  }
}

/** The container's program (command or entrypoint) is not in its image. */
export class EngineExecutableMissingError extends EngineError {
  constructor(
    operation: string,
    statusCode: number | undefined,
    message: string,
    readonly executable: string,
  ) {
    super(operation, statusCode, message);
  }
}

/** The object the call named does not exist (404). */
export class EngineNotFoundError extends EngineError {}

/** The call conflicts with the object's state or name (409). */
export class EngineConflictError extends EngineError {}

/** Why a pull failed, as the registry or the engine said it: each has its own fix. */
export type PullFailure = 'registry-unreachable' | 'name-not-found' | 'auth' | 'other';

export class EnginePullError extends EngineError {
  constructor(
    operation: string,
    statusCode: number | undefined,
    message: string,
    readonly failure: PullFailure,
  ) {
    super(operation, statusCode, message);
  }
}

const PULL_HINTS: Record<PullFailure, string> = {
  'registry-unreachable':
    'The registry did not answer: check the network, a proxy or the registry mirror the engine uses (`docker info` lists them); the image name is not the problem.',
  'name-not-found':
    'The registry has no such image or tag: check the image name and tag in the stack file, or build it first (a private image may also need `docker login`).',
  auth: 'The registry refused the credentials: run `docker login` for that registry, or check the image name.',
  other: 'Run the command again; if it keeps failing, `devstack doctor` checks the engine and its registries.',
};

export class ImageNotFoundError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly image: string,
    readonly service: string,
    detail: string,
    readonly failure: PullFailure = 'name-not-found',
  ) {
    super(`Image ${image} for service ${service} could not be pulled: ${detail}`, PULL_HINTS[failure]);
  }
}

/** Whether the builder's own words already give the exit code ("code 2", "non-zero code: 2", "exit status 2"). */
function saysExitCode(detail: string, code: number): boolean {
  return new RegExp(`\\b(?:code:?|status) ${code}\\b`).test(detail);
}

/** What the engine's builder said went wrong, where it is more than the step's own command failing. */
export type BuildFailureKind = 'context-file-missing';

export class BuildFailedError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly step: string | undefined,
    readonly output: string[],
    detail: string,
    /** The exit code of the failing step's command, when it ran one. */
    readonly stepExitCode?: number,
    readonly kind?: BuildFailureKind,
  ) {
    super(
      `Build of ${service} failed${step ? ` at ${step}` : ''}: ${detail}${stepExitCode !== undefined && !saysExitCode(detail, stepExitCode) ? ` (exit code ${stepExitCode})` : ''}`,
      buildFailureHint(output, detail, stepExitCode, kind),
    );
  }
}

/** The `# syntax=` frontend image could not be had: the Dockerfile is fine, the image is not reachable. */
export class BuildFrontendUnavailableError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly where: string,
    readonly frontend: string,
    detail: string,
  ) {
    super(
      `Build of ${service} needs the Dockerfile frontend ${frontend} (the # syntax= directive at ${where}), which could not be pulled: ${detail}`,
      `Remove that line to build with the engine's built-in Dockerfile frontend, or make ${frontend} available (docker pull ${frontend}, or push it to your registry mirror).`,
    );
  }
}

/** The builder in use lacks what the Dockerfile asks for: a gap of the builder, not a mistake in the file. */
export class BuilderFeatureMissingError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly builder: string,
    detail: string,
    hint: string,
  ) {
    super(`Build of ${service} needs a feature the ${builder} does not have: ${detail}`, hint);
  }
}

/** The build's Dockerfile is not in its context: said before anything is sent, not left to the builder's own wording. */
export class BuildDockerfileMissingError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly path: string,
  ) {
    super(
      `Build of ${service} cannot start: its Dockerfile ${path} does not exist`,
      "Write one (`devstack init` writes one for Go, Node and Python projects), or point the service's build.dockerfile (or build.context) at the right file.",
    );
  }
}

/** A build secret's file or variable, or an ssh agent or key, is not there; nothing was sent to the engine. */
export class BuildSecretMissingError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly service: string,
    /** `secret npmrc`, `ssh default`. */
    readonly what: string,
    readonly missing: string,
    readonly declaredAt: string,
    hint = 'Create the file or set the variable, or remove it from the build.',
  ) {
    super(`Build ${what} of service ${service} cannot be read: ${missing} (declared at ${declaredAt})`, hint);
  }
}

export class PortInUseError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly port: string,
    readonly holder: string | undefined,
  ) {
    super(
      `Port ${port} for service ${service} is already in use${holder ? ` by ${holder}` : ''}`,
      'Stop whatever holds the port, or change the published port in the stack file.',
    );
  }
}

/** A container name devstack wants is taken by something it does not own; it is never touched. */
export class NameConflictError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly kind: 'container' | 'network' | 'volume',
    readonly objectName: string,
    readonly owner: string,
  ) {
    super(
      `A ${kind} named ${objectName} already exists and belongs to ${owner}; devstack does not touch it.`,
      'Rename or remove it yourself, or give this project another name with -p.',
    );
  }
}

export type NotReadyReason = 'exited' | 'unhealthy' | 'timeout';

/** A service did not become ready: the three reasons read differently to a user, so they stay distinct. */
export class ServiceNotReadyError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly reason: NotReadyReason,
    readonly detail: string,
    readonly probeOutputs: string[],
    readonly logLines: string[],
    hint = `Run \`devstack logs ${service}\` for the full log, or raise --timeout if it is just slow.`,
  ) {
    super(`Service ${service} ${detail}`, hint);
  }
}

/** Where one service was left when a run was interrupted, in the words the summary prints (`running, not yet ready`). */
export interface ServiceStanding {
  service: string;
  state: string;
}

export class InterruptedError extends DevstackError {
  readonly exitCode = 130;
  /** Data, not lines: the message prints it as text, a --json result carries it as it is. */
  constructor(
    readonly summary: ServiceStanding[],
    message = 'Interrupted: stopped starting new work.',
    hint = 'Run the same command again to finish; it converges from here.',
  ) {
    super(message, hint);
  }
}

/** Several independent steps failed; reported together rather than only the first. */
export class MultipleErrors extends DevstackError {
  readonly exitCode: number;
  constructor(readonly errors: DevstackError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.exitCode = Math.max(...errors.map((e) => e.exitCode));
  }
}

/** A failure that is not one of ours (a bug, or an error a library threw), kept whole among others. */
export class UnexpectedError extends DevstackError {
  readonly exitCode = 1;
  constructor(readonly original: unknown) {
    super(`unexpected error (a bug in devstack; please report it): ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  }
}

/**
 * The one way several failures become one: none is undefined, one stands as it is, more become a
 * MultipleErrors that keeps every one of them (an error not of our classes too).
 */
export function mergeErrors(errors: readonly unknown[]): unknown {
  const distinct = [...new Set(errors)];
  if (distinct.length <= 1) return distinct[0];
  return new MultipleErrors(distinct.map((e) => (e instanceof DevstackError ? e : new UnexpectedError(e))));
}

/** A service name on the command line that matches no service of the stack. */
export class UnknownServiceError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly typed: string,
    readonly nearest: string | undefined,
    readonly known: string[],
  ) {
    super(
      `No service "${typed}" in this stack`,
      nearest ? `Did you mean "${nearest}"? Services: ${known.join(', ')}.` : `Services: ${known.length ? known.join(', ') : '(none)'}.`,
    );
  }
}

/** A prefix that fits several services; the user must type more of the name. */
export class AmbiguousServiceError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly typed: string,
    readonly candidates: string[],
  ) {
    super(`"${typed}" could be any of ${candidates.join(', ')}`, 'Type more of the name.');
  }
}

/** The command needs a running container and the service has none; the hint is the command that starts it. */
export class ServiceNotRunningError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    readonly state: string,
    startCommand: string,
  ) {
    super(`Service ${service} is not running (${state})`, `Start it with \`${startCommand}\`.`);
  }
}

/** A one-off container needs the project's network and volumes, which only `up` creates with our labels. */
export class StackNotUpError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly missing: string,
    startCommand: string,
  ) {
    super(`The stack is not up: ${missing} does not exist yet`, `Start it with \`${startCommand}\`, then run the command again.`);
  }
}

/** Something destructive was asked for where nobody can answer the question: refused, nothing touched. */
export class ConfirmationRequiredError extends DevstackError {
  readonly exitCode = 2;
}

/** `shell` found none of bash, ash or sh in the container (a distroless image, say). */
export class NoShellError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly service: string,
    execCommand: string,
  ) {
    super(`Service ${service} has no shell: neither bash, ash nor sh is in its image`, `Run one of its own programs instead: \`${execCommand}\`.`);
  }
}

/** Another devstack command is changing this project, and --no-lock-wait asked not to wait for it. */
export class ProjectLockedError extends DevstackError {
  readonly exitCode = 1;
  constructor(readonly holder: { pid: number; command: string; startedAt: string } | undefined) {
    super(
      holder
        ? `Another devstack command is changing this project: \`${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt}).`
        : 'Another devstack command is changing this project.',
      'Wait for it to finish (run without --no-lock-wait to wait), or stop it with Ctrl-C.',
    );
  }
}

/** A tcp:// engine without TLS lets anyone on the network run containers as root; refused unless asked. */
export class InsecureEngineError extends DevstackError {
  readonly exitCode = 2;
  constructor(readonly endpoint: string) {
    super(
      `Refusing to use the engine at ${endpoint} without TLS: anyone who can reach that port controls the machine.`,
      'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, use ssh://, or pass --insecure-engine if this network is yours alone.',
    );
  }
}

/** `devstack check` found what the user asked it to fail on; the findings themselves are already printed. */
export class CheckFailedError extends DevstackError {
  readonly exitCode = 1;
  constructor(
    readonly errors: number,
    readonly warnings: number,
    strict: boolean,
  ) {
    super(
      strict
        ? `check failed: ${errors} errors and ${warnings} warnings (--strict fails on warnings too)`
        : `check failed: ${errors} ${errors === 1 ? 'error' : 'errors'}`,
      'Fix the findings above, or turn a rule off for one file with a comment `# devstack-ignore <rule-id>` in it.',
    );
  }
}

/** `devstack doctor` found a failing check; the checks themselves are already printed. */
export class DoctorFailedError extends DevstackError {
  readonly exitCode = 1;
  override readonly outcomePrinted = true;
  constructor(readonly failed: number) {
    super(`doctor: ${failed} ${failed === 1 ? 'check' : 'checks'} failed`, 'Apply the fix under each FAIL line, then run `devstack doctor` again.');
  }
}

/** `up` stopped before changing anything: the lines are doctor's, so both commands say the same thing. */
export class PreflightFailedError extends DevstackError {
  readonly exitCode = 1;
  constructor(readonly lines: string[]) {
    super(
      `up stopped before starting anything:\n${lines.map((line) => `  ${line}`).join('\n')}`,
      'Apply the fix above, or run `devstack doctor` for every check.',
    );
  }
}

/** `devstack build`: images larger than the `x-devstack.size_budget` their service sets. */
export class SizeBudgetExceededError extends DevstackError {
  readonly exitCode = 1;
  constructor(readonly over: Array<{ service: string; image: string; sizeBytes: number; budgetBytes: number; size: string; budget: string }>) {
    super(
      over.length === 1
        ? `Image ${over[0]!.image} of service ${over[0]!.service} is ${over[0]!.size}, over its size budget of ${over[0]!.budget}`
        : `${over.length} images are over their size budget: ${over.map((o) => `${o.image} (${o.service}) is ${o.size}, budget ${o.budget}`).join('; ')}`,
      'Slim the image (a smaller base, a multi-stage build that copies only the binary, fewer layers), or raise x-devstack.size_budget in the stack file.',
    );
  }
}

/** `snapshot restore|rm NAME` named a snapshot this project does not have. */
export class SnapshotNotFoundError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly snapshot: string,
    readonly dir: string,
    known: string[],
  ) {
    super(
      `No snapshot named ${snapshot} in ${dir}`,
      known.length
        ? `Snapshots of this project: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''} (see \`devstack snapshot list\`).`
        : 'This project has no snapshots yet: take one with `devstack snapshot save`.',
    );
  }
}

/** A snapshot's data was written by another major version of a service's image than the stack runs now. */
export class SnapshotVersionError extends DevstackError {
  readonly exitCode = 1;
  constructor(readonly changes: Array<{ service: string; from: { image: string; major: number }; to: { image: string; major: number } }>) {
    super(
      `Refusing to restore: ${changes.map((c) => `${c.service} was ${c.from.image} (major ${c.from.major}) when the snapshot was taken and is ${c.to.image} (major ${c.to.major}) now`).join('; ')}. Data of one major version often does not load into another; nothing was changed.`,
      'Restore with the image the snapshot was taken with (set it back in the stack file), or pass --force to try anyway.',
    );
  }
}

/** Taking or restoring a snapshot failed; says which volume and what, and what was left as it was. */
export class SnapshotFailedError extends DevstackError {
  readonly exitCode = 1;
  constructor(message: string, hint: string) {
    super(message, hint);
  }
}

/** A command name devstack does not know: a usage error, with the nearest command as the way on. */
export class UnknownCommandError extends DevstackError {
  readonly exitCode = 2;
  constructor(
    readonly typed: string,
    readonly suggestion: string,
    readonly runLine: string,
  ) {
    super(`${typed} is not a devstack command. Did you mean ${suggestion}?`, `run \`${runLine}\` (\`devstack help\` lists every command)`);
  }
}
