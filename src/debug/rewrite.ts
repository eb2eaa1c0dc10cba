import type { ImageConfig } from '../engine/types.js';
import type { PortSpec, ServiceSpec } from '../model/stack.js';
import { basename, effectiveArgv, scriptFile, shellScriptIndex } from './argv.js';
import { programRuntime, PYTHON_LAUNCHERS } from './detect.js';
import { DebugRewriteError } from './errors.js';
import { LABEL_DEBUG, LABEL_DEBUG_OF } from './labels.js';
import type { Runtime } from './runtime.js';

export interface RewriteOptions {
  runtime: Runtime;
  /** The port the debugger listens on inside the container. */
  port: number;
  /** Published on 127.0.0.1; undefined lets the engine pick a free one. */
  hostPort?: number;
  /** Hold the program until a debugger attaches. */
  wait: boolean;
  /** Go package Delve builds in place of a rebuilder (Air, reflex, CompileDaemon); default `.`. */
  goPackage?: string;
  /** Config hash of the service's plain container, kept on the debug container for `up --keep-debug`. */
  baseHash?: string;
  /** The entrypoint script's text, read in the container: when it starts the runtime itself, it is run rewritten with `sh -c`. */
  script?: { path: string; text: string };
}

/** The runtime's flags for one argv whose program (at index 0) is the runtime itself. */
function rewriteArgv(service: string, argv: string[], o: RewriteOptions): string[] {
  const [program, ...rest] = argv as [string, ...string[]];
  const name = basename(program);
  switch (o.runtime) {
    case 'node': {
      const kept = rest.filter((w) => !/^--inspect(-brk|-wait)?(=.*)?$/.test(w));
      return [program, `--inspect${o.wait ? '-brk' : ''}=0.0.0.0:${o.port}`, ...kept];
    }
    case 'python': {
      const debugpy = ['-m', 'debugpy', '--listen', `0.0.0.0:${o.port}`, ...(o.wait ? ['--wait-for-client'] : [])];
      if (PYTHON_LAUNCHERS.has(name)) return ['python3', ...debugpy, '-m', name, ...rest];
      // Interpreter options (-u, -B, -X dev) stay the interpreter's; everything from the script or -m on is the program's.
      let i = 0;
      while (i < rest.length && /^-[^-mc]/.test(rest[i]!)) i += /^-[XW]$/.test(rest[i]!) ? 2 : 1;
      return [program, ...rest.slice(0, i), ...debugpy, ...rest.slice(i)];
    }
    case 'java':
      return [
        program,
        `-agentlib:jdwp=transport=dt_socket,server=y,suspend=${o.wait ? 'y' : 'n'},address=*:${o.port}`,
        ...rest.filter((w) => !w.startsWith('-agentlib:jdwp')),
      ];
    case 'go': {
      const delve = ['--headless', `--listen=:${o.port}`, '--api-version=2', '--accept-multiclient', ...(o.wait ? [] : ['--continue'])];
      if (name === 'dlv') throw new DebugRewriteError(service, 'it already runs under Delve', 'Remove dlv from its command, or attach to the Delve it runs.');
      if (name === 'go') {
        if (rest[0] !== 'run')
          throw new DebugRewriteError(service, `\`go ${rest[0] ?? ''}\` is not \`go run\``, 'Run the program or `go run` it in the service command.');
        const args = rest.slice(1);
        const pkgAt = args.findIndex((w) => !w.startsWith('-'));
        if (pkgAt < 0) throw new DebugRewriteError(service, '`go run` names no package', 'Name the package: `go run ./cmd/app`.');
        const buildFlags = args.slice(0, pkgAt);
        const programArgs = args.slice(pkgAt + 1);
        return [
          'dlv',
          'debug',
          args[pkgAt]!,
          ...delve,
          ...(buildFlags.length ? [`--build-flags=${buildFlags.join(' ')}`] : []),
          ...(programArgs.length ? ['--', ...programArgs] : []),
        ];
      }
      // A rebuilder restarts the program on every save, which would drop the debugger; in debug mode Delve
      // builds the mounted module itself (`--off` brings the rebuilder back).
      if (name === 'air' || name === 'reflex' || name === 'CompileDaemon')
        return ['dlv', 'debug', o.goPackage ?? '.', '--output=/tmp/devstack-debug-bin', ...delve];
      return ['dlv', 'exec', program, ...delve, ...(rest.length ? ['--', ...rest] : [])];
    }
  }
}

/** Rewrites the first launch of the runtime inside a `sh -c` script, or undefined when there is none. */
function rewriteScript(service: string, script: string, o: RewriteOptions): string | undefined {
  const words =
    o.runtime === 'node'
      ? 'node|nodejs'
      : o.runtime === 'python'
        ? `python3(?:\\.\\d+)?|python|${[...PYTHON_LAUNCHERS].join('|')}`
        : o.runtime === 'java'
          ? 'java'
          : undefined;
  if (!words) return undefined;
  // Python's own options (-u, -B, -X dev) stay right after the interpreter, before `-m debugpy`.
  const interpreterFlags = o.runtime === 'python' ? '((?:[ \\t]+(?:-[XW][ \\t]+\\S+|-(?![mcXW])[A-Za-z]+))*)' : '()';
  const at = new RegExp(`(^|[;&|(]\\s*|\\bexec\\s+|^\\s*)((?:/[\\w./-]*/)?(?:${words}))${interpreterFlags}(?=\\s|$)`, 'm');
  const match = at.exec(script);
  if (!match) return undefined;
  const program = match[2]!;
  if (PYTHON_LAUNCHERS.has(basename(program))) {
    // `exec uvicorn app:app` → `exec python3 -m debugpy --listen … -m uvicorn app:app`
    const begin = match.index + match[1]!.length;
    return `${script.slice(0, begin)}${rewriteArgv(service, [program], o).join(' ')}${script.slice(begin + program.length)}`;
  }
  const injected = rewriteArgv(service, [program], o).slice(1).join(' ');
  const start = match.index + match[1]!.length + program.length + match[3]!.length;
  return `${script.slice(0, start)} ${injected}${script.slice(start)}`;
}

/** Where the runtime starts in argv: its program's index, or the index of a `sh -c` script that starts it. */
function launchIndex(argv: string[], runtime: Runtime, firstProgram: number): { at: number; script: boolean } | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i]!;
    if (programRuntime(word) === runtime) return { at: i, script: false };
    const scriptAt = shellScriptIndex(argv, i);
    if (scriptAt >= 0 && (runtime !== 'go' || /\bgo\s+run\b/.test(argv[scriptAt]!))) return { at: scriptAt, script: true };
    if (scriptAt >= 0) return undefined;
  }
  // A Go program is started by its own binary: the first word that is not a wrapper script.
  if (runtime === 'go' && firstProgram < argv.length) return { at: firstProgram, script: false };
  return undefined;
}

function addOnce(list: string[] | undefined, value: string): string[] {
  return [...(list ?? []).filter((v) => v !== value), value];
}

/**
 * Pure: the service as it runs under its runtime's debugger. Only the main process gets the debug flags
 * (never NODE_OPTIONS, which every child node process would read); only Delve gets SYS_PTRACE and an
 * unconfined seccomp profile; the debug port is published on 127.0.0.1.
 */
export function debugRewrite(service: ServiceSpec, image: Pick<ImageConfig, 'entrypoint' | 'cmd'> | undefined, o: RewriteOptions): ServiceSpec {
  const { entrypoint, command } = effectiveArgv(service, image);
  const full = [...entrypoint, ...command];
  // Wrapper scripts (docker-entrypoint.sh, `sh start.sh`) pass the command on: the program is after them.
  const firstProgram = entrypoint.length && scriptFile(entrypoint) ? entrypoint.length : 0;
  const launch = launchIndex(full, o.runtime, firstProgram);
  const fromScript = !launch && o.script && entrypoint[0] === o.script.path ? rewriteScriptFile(service, o.script, o) : undefined;
  if (fromScript) return withDebugPort(service, { entrypoint: [...fromScript, ...entrypoint.slice(1)], command }, o);
  if (!launch) {
    throw new DebugRewriteError(
      service.name,
      `its command (${full.join(' ') || 'none'}) does not start ${o.runtime} where devstack can add the debugger`,
      `Make the service's command start the program directly (e.g. \`${EXAMPLE[o.runtime]}\`), in devstack.yml or an override file.`,
    );
  }
  const rewriteSegment = (segment: string[], at: number): string[] => {
    if (launch.script) {
      const script = rewriteScript(service.name, segment[at]!, o);
      if (script === undefined)
        throw new DebugRewriteError(
          service.name,
          `its shell command starts ${o.runtime} in a way devstack cannot rewrite`,
          `Give it a plain command, e.g. \`${EXAMPLE[o.runtime]}\`.`,
        );
      return [...segment.slice(0, at), script, ...segment.slice(at + 1)];
    }
    return [...segment.slice(0, at), ...rewriteArgv(service.name, segment.slice(at), o)];
  };
  const inEntrypoint = launch.at < entrypoint.length;
  const argv = inEntrypoint
    ? { entrypoint: rewriteSegment(entrypoint, launch.at), command }
    : { ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}), command: rewriteSegment(command, launch.at - entrypoint.length) };
  return withDebugPort(service, argv, o);
}

/** A script that starts the runtime itself: its text, rewritten, run by its own shell with `$0` kept. */
function rewriteScriptFile(service: ServiceSpec, script: { path: string; text: string }, o: RewriteOptions): string[] | undefined {
  const rewritten = rewriteScript(service.name, script.text, o);
  if (rewritten === undefined) return undefined;
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script.text);
  const shell = shebang ? (basename(shebang[1]!) === 'env' && shebang[2] ? shebang[2] : shebang[1]!) : 'sh';
  return [shell, '-c', rewritten, script.path];
}

function withDebugPort(service: ServiceSpec, argv: { entrypoint?: string[]; command: string[] }, o: RewriteOptions): ServiceSpec {
  const debugPort: PortSpec = { hostIp: '127.0.0.1', ...(o.hostPort ? { hostPort: o.hostPort } : {}), containerPort: o.port, protocol: 'tcp' };
  const rewritten: ServiceSpec = {
    ...service,
    ...argv,
    ports: [...service.ports.filter((p) => !(p.containerPort === o.port && p.protocol === 'tcp')), debugPort],
    labels: { ...service.labels, [LABEL_DEBUG]: `${o.runtime}:${o.port}`, ...(o.baseHash ? { [LABEL_DEBUG_OF]: o.baseHash } : {}) },
  };
  if (o.runtime === 'go') {
    rewritten.capAdd = addOnce(service.capAdd, 'SYS_PTRACE');
    rewritten.securityOpt = addOnce(
      (service.securityOpt ?? []).filter((s) => !/^seccomp[=:]/.test(s)),
      'seccomp=unconfined',
    );
  }
  return rewritten;
}

const EXAMPLE: Record<Runtime, string> = {
  node: 'node src/index.js',
  python: 'python -m app',
  go: '/app/server',
  java: 'java -jar app.jar',
};
