import type { ImageConfig } from '../engine/types.js';
import type { ServiceSpec } from '../model/stack.js';
import { basename, effectiveArgv, shellScriptIndex } from './argv.js';
import { debugSettings, type Runtime } from './runtime.js';

export interface Detection {
  runtime: Runtime;
  /** One line: why this runtime. */
  reason: string;
}

export interface DetectInput {
  service: ServiceSpec;
  image?: Pick<ImageConfig, 'env' | 'entrypoint' | 'cmd'>;
  /** `--runtime`. */
  forced?: Runtime;
  /** The text of the script the container starts with, when it starts with one. */
  script?: { path: string; text: string };
  /** The program the container starts is a Go binary (found by its build info). */
  goBinary?: string;
}

const ENV_HINTS: Array<[string, Runtime]> = [
  ['NODE_VERSION', 'node'],
  ['PYTHON_VERSION', 'python'],
  ['GOLANG_VERSION', 'go'],
  ['GOTRACEBACK', 'go'],
  ['JAVA_VERSION', 'java'],
];

/** The runtime a program name belongs to: node, python3.13, uvicorn, java, dlv, `go` (with `run`). */
export function programRuntime(program: string): Runtime | undefined {
  const name = basename(program);
  if (/^node(js)?$/.test(name)) return 'node';
  if (/^python(3(\.\d+)?)?$/.test(name) || PYTHON_LAUNCHERS.has(name)) return 'python';
  if (name === 'java') return 'java';
  if (name === 'dlv' || name === 'go') return 'go';
  return undefined;
}

/** Python programs started by a launcher script of their own, run instead as `python -m <launcher>`. */
export const PYTHON_LAUNCHERS = new Set(['uvicorn', 'gunicorn', 'flask', 'celery', 'hypercorn', 'daphne', 'pytest']);

const SCRIPT_PROGRAM =
  /(?:^|[;&|(]|\bexec|\bthen|\bdo)\s*(?:[A-Z_][A-Z0-9_]*=\S*\s+)*((?:\/[\w./-]*\/)?(?:node|nodejs|python3(?:\.\d+)?|python|java|dlv|go\s+run|uvicorn|gunicorn|flask))(?=\s|$|;)/m;

/** The first runtime program a shell script starts, skipping comments. */
export function scriptRuntime(text: string): { runtime: Runtime; program: string } | undefined {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const match = SCRIPT_PROGRAM.exec(code);
  if (!match) return undefined;
  const program = match[1]!.replace(/\s+run$/, '');
  const runtime = programRuntime(program);
  return runtime ? { runtime, program: match[1]!.replace(/\s+/, ' ') } : undefined;
}

function quoted(argv: string[]): string {
  return argv.map((w) => (/[\s"']/.test(w) ? JSON.stringify(w) : w)).join(' ');
}

/** Pure: in order, --runtime, x-devstack.debug.runtime, the image's and service's environment, the command, the script it starts. */
export function detectRuntime(input: DetectInput): Detection | undefined {
  const { service } = input;
  if (input.forced) return { runtime: input.forced, reason: `--runtime ${input.forced} was given` };
  const settings = debugSettings(service);
  if (settings.runtime) return { runtime: settings.runtime, reason: `x-devstack.debug.runtime is ${settings.runtime}` };
  for (const [name, runtime] of ENV_HINTS) {
    const fromService = service.environment[name];
    if (fromService) return { runtime, reason: `the service sets ${name}=${fromService}` };
    const fromImage = input.image?.env[name];
    // An empty value (`ENV PYTHON_VERSION=`) tells nothing.
    if (fromImage) return { runtime, reason: `its image sets ${name}=${fromImage}` };
  }
  const argv = effectiveArgv(service, input.image);
  const full = [...argv.entrypoint, ...argv.command];
  for (let i = 0; i < full.length; i += 1) {
    const runtime = programRuntime(full[i]!);
    if (runtime) return { runtime, reason: `its command runs ${basename(full[i]!)} (${quoted(full)})` };
    const scriptAt = shellScriptIndex(full, i);
    if (scriptAt >= 0) {
      const found = scriptRuntime(full[scriptAt]!);
      if (found) return { runtime: found.runtime, reason: `its shell command runs ${found.program} (${quoted(full)})` };
    }
  }
  if (input.script) {
    const found = scriptRuntime(input.script.text);
    if (found) return { runtime: found.runtime, reason: `its entrypoint script ${input.script.path} runs ${found.program}` };
  }
  if (input.goBinary) return { runtime: 'go', reason: `${input.goBinary} is a Go binary (it carries Go build info)` };
  return undefined;
}
