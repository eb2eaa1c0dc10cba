import { loadStack } from '../config/index.js';
import type { StackSpec } from '../model/stack.js';
import type { Engine } from '../engine/types.js';
import { builtinProfilesDir } from './paths.js';
import { currentRun } from '../ui/run-context.js';
import { say } from '../ui/output.js';

export interface StackFlags {
  file?: string[];
  'project-name'?: string;
  cwd?: string;
  /** `--mode`: which `x-devstack.modes` overlay to load the stack in (default dev). */
  mode?: string;
  profile?: string[];
  'env-file'?: string[];
  'allow-unset'?: boolean;
  strict?: boolean;
  /** Services named on the command line: enabled even when their service profiles are not, as in Compose. */
  services?: string[];
}

/** Config first: a bad file fails with exit 2 before any engine call is made. */
export async function loadStackFromFlags(flags: StackFlags): Promise<StackSpec> {
  const stack = await loadStack({
    cwd: flags.cwd ?? process.cwd(),
    ...(flags.file?.length ? { files: flags.file } : {}),
    ...(flags['project-name'] ? { projectName: flags['project-name'] } : {}),
    ...(flags.mode ? { mode: flags.mode } : {}),
    env: process.env,
    builtinProfilesDir: builtinProfilesDir(),
    ...(flags.profile?.length ? { serviceProfiles: flags.profile } : {}),
    ...(flags['env-file']?.length ? { envFiles: flags['env-file'] } : {}),
    allowUnset: flags['allow-unset'] ?? false,
    strict: flags.strict ?? false,
    ...(flags.services?.length ? { targets: flags.services } : {}),
    onWarning: say,
  });
  currentRun().secrets.add(stack.secretValues);
  currentRun().project = stack.name;
  return stack;
}

/** `timeoutMs` bounds the first ping; doctor asks for a short one so "no engine" is said at once. */
export async function openEngine(options: { timeoutMs?: number } = {}): Promise<Engine> {
  const { connectEngine } = await import('../engine/index.js');
  return connectEngine(process.env, { insecure: currentRun().insecureEngine === true, ...options });
}
