import { Command, Flags } from '@oclif/core';
import { DevstackError, InterruptedError, type ServiceStanding } from '../errors.js';
import { reportError } from '../ui/error-report.js';
import { renamedFlagNotices } from './renamed-flags.js';
import { currentRun, inRunContext } from '../ui/run-context.js';
import { printJson, say } from '../ui/output.js';

/** For commands that change a project: they wait for one another rather than interleave. */
function lockWaitFlag(aliases: string[]) {
  return Flags.boolean({
    description: 'wait while another devstack command changes this project (--no-lock-wait fails at once)',
    default: true,
    allowNo: true,
    aliases,
  });
}

/** For commands that change a project. `--wait` is the old spelling (Compose users read `up --wait` as "until healthy"), kept for one release. */
export const lockFlags = { 'lock-wait': lockWaitFlag(['wait']) };

/** For `debug`, whose `--wait` was always the debugger's, never the lock's. */
export const lockFlagsWithoutOldName = { 'lock-wait': lockWaitFlag([]) };

/** Flags every stack command shares, and the one place a failure becomes a message and an exit code. */
export abstract class StackCommand extends Command {
  static override baseFlags = {
    file: Flags.string({
      char: 'f',
      description: 'stack file (repeatable; default devstack.yml, else COMPOSE_FILE or compose.yaml, docker-compose.yml...)',
      multiple: true,
      helpGroup: 'STACK',
    }),
    'project-name': Flags.string({ char: 'p', description: 'project name (default: `name:` in the file, else the directory name)', helpGroup: 'STACK' }),
    profile: Flags.string({ description: 'enable a Compose service profile (repeatable; COMPOSE_PROFILES adds to them)', multiple: true, helpGroup: 'STACK' }),
    'env-file': Flags.string({ description: 'read interpolation variables from this file instead of .env (repeatable)', multiple: true, helpGroup: 'STACK' }),
    'allow-unset': Flags.boolean({
      description: 'an unset ${VAR} without a default becomes "" (Compose\'s behaviour) instead of an error',
      helpGroup: 'STACK',
    }),
    'insecure-engine': Flags.boolean({ description: 'allow a tcp:// engine without TLS (anyone who reaches it controls the machine)', helpGroup: 'ENGINE' }),
  };

  /** Each run gets its own context (the secrets it masks); the failure report below is made inside it. */
  override _run<T>(): Promise<T> {
    return inRunContext(() => super._run<T>());
  }

  override async init(): Promise<void> {
    await super.init();
    if (this.ownArgv().includes('--insecure-engine')) currentRun().insecureEngine = true;
    for (const line of renamedFlagNotices(this.argv, (this.constructor as typeof Command).flags ?? {})) say(line);
  }

  override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<void> {
    // oclif's own parse errors (unknown flag, missing arg) are usage errors: exit 2 with its message.
    if (error.oclif && !('hint' in error)) {
      say(`error: ${error.message}`);
      this.writeJsonResult(error.message, undefined, 2);
      process.exitCode = 2;
      return;
    }
    const { secrets } = currentRun();
    const report = reportError(error, secrets.masker);
    say(report.text);
    if (!(error instanceof DevstackError && error.outcomePrinted)) {
      const hint = error instanceof DevstackError && error.hint ? error.hint : undefined;
      this.writeJsonResult(error.message, hint, report.exitCode, error instanceof InterruptedError ? error.summary : []);
    }
    process.exitCode = report.exitCode;
  }

  /** A script reading --json learns how every run ended, from its last line, whatever failed (the stack file, a flag, the engine). */
  private writeJsonResult(message: string, hint: string | undefined, exitCode: number, services: ServiceStanding[] = []): void {
    if (!('json' in ((this.constructor as typeof Command).flags ?? {})) || !this.ownArgv().includes('--json')) return;
    const project = currentRun().project;
    // An interrupt's summary (where each service was left) is data for a script, as it is text on stderr.
    printJson({
      type: 'result',
      ok: false,
      ...(project ? { project } : {}),
      exitCode,
      error: message,
      ...(hint ? { hint } : {}),
      ...(services.length ? { services } : {}),
    });
  }

  /** Words after `--` belong to the command run in a container (`exec api -- tool --json`), not to devstack. */
  private ownArgv(): string[] {
    const end = this.argv.indexOf('--');
    return end === -1 ? this.argv : this.argv.slice(0, end);
  }
}
