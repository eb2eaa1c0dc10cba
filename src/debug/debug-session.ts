import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LABEL_CONFIG_HASH, type ContainerState, type Engine, type ImageConfig } from '../engine/types.js';
import { ServiceNotReadyError } from '../errors.js';
import type { ServiceSpec, StackSpec } from '../model/stack.js';
import { containerName, desiredContainer, imageFor } from '../plan/desired-container.js';
import type { Reporter } from '../run/events.js';
import { up } from '../run/up.js';
import { effectiveArgv, scriptFile } from './argv.js';
import { detectRuntime, type Detection } from './detect.js';
import { DebuggerNotReadyError, DebugRewriteError, RuntimeUnknownError } from './errors.js';
import { pickHostPort } from './host-port.js';
import { LABEL_DEBUG, parseDebugLabel } from './labels.js';
import { attachConfiguration, LaunchJsonError, mergeLaunchJson, type LaunchConfiguration } from './launch-config.js';
import { DebuggerWaitFailed, listeningProbe, PROBES, waitForDebugger, type ProbeAnswer } from './probe.js';
import { debugRewrite } from './rewrite.js';
import { sourceRoots, workspacePath, type SourceRoots } from './roots.js';
import { DEFAULT_PORT, debugSettings, type Runtime } from './runtime.js';

export interface DebugRequest {
  service: string;
  runtime?: Runtime;
  port?: number;
  wait: boolean;
  timeoutMs: number;
  signal: AbortSignal;
  /** False to leave .vscode/launch.json alone. */
  writeLaunchJson: boolean;
}

export interface DebugSession {
  service: string;
  runtime: Runtime;
  reason: string;
  containerPort: number;
  host: string;
  hostPort: number;
  /** `127.0.0.1:9229`. */
  address: string;
  debugger: string;
  /** Node: the DevTools URL of the app's inspector target. */
  devtoolsUrl?: string;
  webSocketUrl?: string;
  roots: SourceRoots;
  launchJson?: { path: string; configuration: LaunchConfiguration; action: 'created' | 'updated' } | { path: string; error: string };
}

const HOST = '127.0.0.1';

/** The stack with one service replaced and cut loose from its dependencies, so `up` touches that service alone. */
function onlyService(stack: StackSpec, service: ServiceSpec): StackSpec {
  return { ...stack, services: { ...stack.services, [service.name]: { ...service, dependsOn: {} } } };
}

function runUpOf(engine: Engine, stack: StackSpec, service: string, request: { timeoutMs: number; signal: AbortSignal }, wait: boolean, report: Reporter) {
  return up(
    engine,
    stack,
    { services: [service], forceRecreate: false, build: false, removeOrphans: false, timeoutMs: request.timeoutMs, wait, signal: request.signal },
    report,
  );
}

/** The text of the program the container starts, when it is a script (`#!`), read in its running container. */
async function readScript(
  engine: Engine,
  container: ContainerState | undefined,
  program: string | undefined,
): Promise<{ path: string; text: string } | undefined> {
  if (!program || container?.status !== 'running') return undefined;
  const script = 'p=$(command -v "$1") && head -c 65536 "$p"';
  const result = await engine.exec(container.id, ['sh', '-c', script, 'sh', program], 5000).catch(() => undefined);
  return result?.exitCode === 0 && result.stdout.startsWith('#!') ? { path: program, text: result.stdout } : undefined;
}

/** Whether the program is a Go binary: Go writes `Go buildinf:` into every executable it links. */
async function isGoBinary(engine: Engine, container: ContainerState | undefined, program: string | undefined): Promise<boolean> {
  if (!program || container?.status !== 'running') return false;
  const script = 'p=$(command -v "$1") && grep -q "Go buildinf:" "$p"';
  const result = await engine.exec(container.id, ['sh', '-c', script, 'sh', program], 5000).catch(() => undefined);
  return result?.exitCode === 0;
}

async function detect(
  engine: Engine,
  service: ServiceSpec,
  image: ImageConfig,
  container: ContainerState | undefined,
  forced?: Runtime,
): Promise<{ detection: Detection; script?: { path: string; text: string } }> {
  const argv = effectiveArgv(service, image);
  const full = [...argv.entrypoint, ...argv.command];
  // The script the container starts with, when it does: the runtime may be named only inside it (Skaffold stops there).
  const script = await readScript(engine, container, full[0]);
  const first = detectRuntime({ service, image, ...(forced ? { forced } : {}) });
  if (first) return { detection: first, ...(script ? { script } : {}) };
  const program = full[scriptFile(argv.entrypoint) || script ? argv.entrypoint.length : 0];
  const goBinary = !script && (await isGoBinary(engine, container, program)) ? program : undefined;
  const found = detectRuntime({ service, image, ...(script ? { script } : {}), ...(goBinary ? { goBinary } : {}) });
  if (found) return { detection: found, ...(script ? { script } : {}) };
  const looked = [
    'x-devstack.debug.runtime is not set',
    'no NODE_VERSION, PYTHON_VERSION, GOLANG_VERSION, GOTRACEBACK or JAVA_VERSION in its environment',
    `its command (${full.join(' ') || 'none'}) names no runtime`,
  ];
  if (script) looked.push(`its script ${script.path} starts none`);
  else if (container?.status !== 'running') looked.push('its container is not running, so a start script could not be read');
  throw new RuntimeUnknownError(service.name, looked.join('; '));
}

async function writeLaunchJson(stack: StackSpec, configuration: LaunchConfiguration): Promise<NonNullable<DebugSession['launchJson']>> {
  const path = join(stack.projectDir, '.vscode', 'launch.json');
  const before = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  try {
    const after = mergeLaunchJson(before, configuration);
    await mkdir(dirname(path), { recursive: true });
    if (after !== before) await writeFile(path, after);
    return { path, configuration, action: before === undefined ? 'created' : 'updated' };
  } catch (error) {
    if (error instanceof LaunchJsonError) return { path, error: `left unchanged: ${error.message}` };
    throw error;
  }
}

/** `devstack debug SERVICE`: recreate that service alone under its runtime's debugger and wait until the debugger answers. */
export async function startDebug(engine: Engine, stack: StackSpec, request: DebugRequest, report: Reporter): Promise<DebugSession> {
  const service = stack.services[request.service]!;
  const ref = imageFor(stack, service);
  let image = await engine.imageConfig(ref);
  if (!image) {
    // No image yet: bring the service up as it is (pull or build, with what it depends on) first.
    report({ type: 'note', level: 'info', message: `${service.name} has no image yet: bringing it up first` });
    try {
      await runUpOf(engine, stack, service.name, request, false, report);
    } catch (error) {
      // A service that crashes as it starts is one worth debugging: go on once its image is there.
      if (!(error instanceof ServiceNotReadyError)) throw error;
      report({ type: 'note', level: 'warn', message: `${service.name} does not start as it is (${error.message}); starting it under the debugger instead` });
    }
    image = await engine.imageConfig(ref);
    if (!image) throw new DebugRewriteError(service.name, `its image ${ref} is still missing after \`up\``, 'Run `devstack up` and try again.');
  }
  const current = await engine.inspectContainer(containerName(stack, service.name));
  const { detection, script } = await detect(engine, service, image, current, request.runtime);
  const runtime = detection.runtime;
  const containerPort = request.port ?? debugSettings(service).port ?? DEFAULT_PORT[runtime];
  const preferred = await pickHostPort(engine, containerPort, current?.status === 'running' ? current.id : undefined);
  if (preferred === undefined) report({ type: 'note', level: 'info', message: `port ${containerPort} is taken on ${HOST}: the engine picks another` });
  const baseHash = desiredContainer(stack, service).labels[LABEL_CONFIG_HASH]!;
  const goPackage = debugSettings(service).goPackage;
  const rewritten = debugRewrite(service, image, {
    runtime,
    port: containerPort,
    ...(preferred ? { hostPort: preferred } : {}),
    wait: request.wait,
    baseHash,
    ...(script ? { script } : {}),
    ...(goPackage ? { goPackage } : {}),
  });

  // With --wait the program stops before it serves anything, so its healthcheck cannot pass: wait for the debugger instead.
  await runUpOf(engine, onlyService(stack, rewritten), service.name, request, !request.wait, report);

  const container = await engine.inspectContainer(containerName(stack, service.name));
  const published = container?.ports.find((p) => p.containerPort === containerPort && p.protocol === 'tcp');
  if (!container || !published)
    throw new DebugRewriteError(service.name, `its container publishes no port for ${containerPort}`, 'Run `devstack status` to see its state.');
  const hostPort = published.hostPort;
  const address = `${HOST}:${hostPort}`;
  const deadline = Date.now() + Math.min(request.timeoutMs, 60_000);
  let answer: ProbeAnswer;
  try {
    answer = await waitForDebugger(HOST, hostPort, {
      deadline,
      signal: request.signal,
      probe:
        runtime === 'python'
          ? listeningProbe(async () => (await engine.exec(container.id, ['cat', '/proc/net/tcp', '/proc/net/tcp6'], 5000)).stdout, containerPort, 'debugpy')
          : PROBES[runtime],
      stillRunning: async () => (await engine.inspectContainer(container.id))?.status === 'running',
    });
  } catch (error) {
    if (!(error instanceof DebuggerWaitFailed)) throw error;
    throw new DebuggerNotReadyError(
      service.name,
      address,
      Date.now() - deadline + Math.min(request.timeoutMs, 60_000),
      error.exited ? `the container exited; ${error.lastError}` : error.lastError,
      await engine.containerLogs(container.id, 20),
    );
  }

  const roots = sourceRoots(stack, service, image.workingDir);
  const target = answer.targets?.[0];
  const session: DebugSession = {
    service: service.name,
    runtime,
    reason: detection.reason,
    containerPort,
    host: HOST,
    hostPort,
    address,
    debugger: answer.detail,
    ...(target?.devtoolsFrontendUrl ? { devtoolsUrl: devtoolsUrl(target.devtoolsFrontendUrl, address) } : {}),
    ...(target?.webSocketDebuggerUrl ? { webSocketUrl: target.webSocketDebuggerUrl } : {}),
    roots,
  };
  if (request.writeLaunchJson) {
    const configuration = attachConfiguration({
      service: service.name,
      runtime,
      host: HOST,
      port: hostPort,
      localRoot: workspacePath(stack.projectDir, roots.localRoot),
      remoteRoot: roots.remoteRoot,
    });
    session.launchJson = await writeLaunchJson(stack, configuration);
  }
  return session;
}

/** Node answers with the address it was asked on; make sure the DevTools URL points at the published one. */
function devtoolsUrl(frontend: string, address: string): string {
  return frontend.replace(/([?&]ws=)[^/&]+/, `$1${address}`);
}

export interface DebugOff {
  service: string;
  /** False when the service was not in debug mode (then nothing was recreated unless its spec had changed). */
  wasDebugging: boolean;
  action: string;
}

/** `devstack debug SERVICE --off`: the service back to its plain spec, recreated alone. */
export async function stopDebug(
  engine: Engine,
  stack: StackSpec,
  request: Pick<DebugRequest, 'service' | 'timeoutMs' | 'signal'>,
  report: Reporter,
): Promise<DebugOff> {
  const service = stack.services[request.service]!;
  const current = await engine.inspectContainer(containerName(stack, service.name));
  const wasDebugging = parseDebugLabel(current?.labels[LABEL_DEBUG]) !== undefined;
  const result = await runUpOf(engine, onlyService(stack, service), service.name, request, true, report);
  const step = result.plan.services.find((s) => s.service === service.name);
  return { service: service.name, wasDebugging, action: step?.action ?? 'keep' };
}
