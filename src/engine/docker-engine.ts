import { Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import { BuilderFeatureMissingError, BuildFailedError, DevstackError, EngineError, EngineUnavailableError } from '../errors.js';
import { toCreateOptions } from './create-options.js';
import { FrameDemuxer } from './demux.js';
import { StdoutDemuxer, Tail } from './demux-stream.js';
import { catchesSignal } from './signal-disposition.js';
import type { EngineEndpoint } from './endpoint.js';
import { modemOptions } from './modem-options.js';
import { explainRefusal } from './connect-failure.js';
import { debug } from './debug-log.js';
import { engineText, typedEngineError } from './engine-errors.js';
import { loadDockerode } from './load-dockerode.js';
import type { Modem } from './buildkit-build.js';
import type { SharedBuildSessions } from './buildkit-session.js';
import { BuildKitUnavailable } from './buildkit-unavailable.js';
import { mapInspect, type InspectJson } from './map-inspect.js';
import { mapImageConfig, type ImageInspectJson } from './map-image.js';
import { PullProgressFolder, withDefaultTag, type PullMessage } from './pull-progress.js';
import { jsonLinesUntilAborted, readJsonLines } from './json-lines.js';
import { TimestampedLines } from './log-entry.js';
import { toContainerStats, type RawStats } from './stats.js';
import { toEpochSeconds } from '../model/timestamp.js';
import type {
  AttachedProcess,
  BuildLineEvent,
  BuildOptions,
  BuildResult,
  ContainerCreateSpec,
  ContainerState,
  ContainerStats,
  ContainerSummary,
  Engine,
  EngineEvent,
  EngineInfo,
  EngineSystem,
  ExecResult,
  ExecSpec,
  ExecStreamResult,
  ExecStreams,
  ImageConfig,
  ImageDetails,
  ImageSummary,
  LogEntry,
  LogRequest,
  NetworkState,
  ProcessIo,
  PullProgress,
  TerminalSize,
  VolumeState,
} from './types.js';

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  code?: string;
  message: string;
}

function engineMessage(error: unknown): string {
  return engineText(error as DockerodeError);
}

function statusOf(error: unknown): number | undefined {
  return (error as DockerodeError).statusCode;
}

const CONNECTION_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

function labelFilter(labels: Record<string, string | true>): string[] {
  return Object.entries(labels).map(([key, value]) => (value === true ? key : `${key}=${value}`));
}

/** Everything devstack asks of Docker goes through here; each engine answer we know is turned into meaning. */
export class DockerEngine implements Engine {
  /** The BuildKit session the builds of this process share while any runs (see SharedBuildSessions). */
  private buildSessions?: SharedBuildSessions;

  private constructor(
    private readonly docker: Docker,
    private readonly endpoint: EngineEndpoint,
  ) {}

  /** Connects and pings within a bound, so "no engine" is said fast and with what was tried. */
  static async connect(endpoint: EngineEndpoint, timeoutMs = 3000): Promise<DockerEngine> {
    const DockerCtor = loadDockerode();
    const engine = new DockerEngine(new DockerCtor(modemOptions(endpoint)), endpoint);
    let timer: NodeJS.Timeout | undefined;
    // Aborted on timeout: a connection left open to a silent endpoint would keep the process alive after the report.
    const abort = new AbortController();
    // dockerode's types omit the abortSignal option that its ping passes on to docker-modem.
    const ping = engine.docker.ping.bind(engine.docker) as unknown as (options: { abortSignal: AbortSignal }) => Promise<unknown>;
    try {
      await Promise.race([
        ping({ abortSignal: abort.signal }),
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            abort.abort();
            reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      throw explainRefusal(endpoint, error) ?? engine.unavailable(error);
    } finally {
      clearTimeout(timer);
    }
    return engine;
  }

  private unavailable(error: unknown): EngineUnavailableError {
    const e = error as DockerodeError;
    const where = `${this.endpoint.url} (from ${this.endpoint.source})`;
    const hint =
      e.code === 'EACCES'
        ? 'You may not use the Docker socket: add yourself to the docker group (then log in again), or run as root.'
        : this.endpoint.source === 'DOCKER_HOST'
          ? 'Start the engine there, or unset DOCKER_HOST to use the local one.'
          : 'Start Docker (on a bare Debian machine as root: `npm run engine`), or point DOCKER_HOST at a running engine.';
    return new EngineUnavailableError(where, e.code ? `${e.code}: ${e.message}` : e.message, hint);
  }

  /** Logs the call, makes it, and translates a failure into one of our errors. */
  private async call<T>(operation: string, run: () => Promise<T>, kind: 'pull' | 'call' = 'call'): Promise<T> {
    debug('engine', operation);
    try {
      const result = await run();
      debug('engine', `${operation}: ok`);
      return result;
    } catch (error) {
      debug('engine', `${operation}: ${engineMessage(error)}`);
      // Already typed where the engine's answer was read (a build's own errors).
      if (error instanceof DevstackError) throw error;
      if (CONNECTION_CODES.has((error as DockerodeError).code ?? '')) throw this.unavailable(error);
      throw typedEngineError(operation, statusOf(error), engineMessage(error), kind);
    }
  }

  /** Same as call(), but a 404 means "not there" rather than failure. */
  private async optional<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(operation, run);
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  private apiVersionOnce: Promise<string> | undefined;

  /** Asked once per process: which fields of a newer API (healthcheck StartInterval) the engine takes. */
  private apiVersion(): Promise<string> {
    this.apiVersionOnce ??= this.call('version', () => this.docker.version()).then((v) => v.ApiVersion);
    return this.apiVersionOnce;
  }

  async info(): Promise<EngineInfo> {
    const version = await this.call('version', () => this.docker.version());
    return { endpoint: this.endpoint.url, serverVersion: version.Version, apiVersion: version.ApiVersion, os: version.Os };
  }

  async listContainers(labels: Record<string, string | true>): Promise<ContainerSummary[]> {
    const list = await this.call('list containers', () => this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } }));
    return list.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? '').replace(/^\//, ''),
      labels: c.Labels ?? {},
      status: c.State as ContainerSummary['status'],
      hostPorts: [...new Set((c.Ports ?? []).flatMap((p) => (p.PublicPort ? [p.PublicPort] : [])))],
      volumes: (c.Mounts ?? []).flatMap((m) => (m.Type === 'volume' && m.Name ? [m.Name] : [])),
    }));
  }

  async inspectContainer(idOrName: string): Promise<ContainerState | undefined> {
    const json = await this.optional(`inspect container ${idOrName}`, () => this.docker.getContainer(idOrName).inspect());
    return json ? mapInspect(json as unknown as InspectJson) : undefined;
  }

  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    const apiVersion = await this.apiVersion();
    const container = await this.call(`create container ${spec.name}`, () =>
      this.docker.createContainer(toCreateOptions(spec, apiVersion) as Docker.ContainerCreateOptions),
    );
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    try {
      await this.call(`start container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).start());
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 304) return;
      throw error;
    }
  }

  async stopContainer(id: string, timeoutSec: number): Promise<void> {
    try {
      if (await this.ignoresStopSignal(id)) {
        await this.call(`kill container ${id.slice(0, 12)} (its PID 1 ignores the stop signal)`, () =>
          this.docker.getContainer(id).kill({ signal: 'SIGKILL' }),
        );
        return;
      }
      await this.call(`stop container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).stop({ t: timeoutSec }));
    } catch (error) {
      // 304: already stopped; 404: already gone. Both are the state the caller wanted.
      if (error instanceof EngineError && (error.statusCode === 304 || error.statusCode === 404)) return;
      throw error;
    }
  }

  /** Only for a local engine, whose container PIDs are this host's: see signal-disposition.ts. */
  private async ignoresStopSignal(id: string): Promise<boolean> {
    if (!this.endpoint.url.startsWith('unix:')) return false;
    const json = await this.optional(`inspect container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).inspect());
    if (!json || !json.State.Running || json.State.Paused) return false;
    const stopSignal = (json.Config as { StopSignal?: string }).StopSignal || 'SIGTERM';
    return (await catchesSignal(json.State.Pid, stopSignal)) === false;
  }

  async killContainer(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.call(`kill container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).kill({ signal }));
    } catch (error) {
      if (error instanceof EngineError && (error.statusCode === 409 || error.statusCode === 404)) return;
      throw error;
    }
  }

  async removeContainer(id: string, force: boolean): Promise<void> {
    try {
      await this.call(`remove container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).remove({ force, v: false }));
    } catch (error) {
      if (error instanceof EngineError && error.statusCode === 404) return;
      throw error;
    }
  }

  async containerLogs(id: string, tail: number): Promise<string[]> {
    const container = this.docker.getContainer(id);
    const state = await this.call(`inspect container ${id.slice(0, 12)}`, () => container.inspect());
    const raw = await this.call(`logs of ${id.slice(0, 12)}`, () => container.logs({ stdout: true, stderr: true, tail, follow: false }));
    const demuxer = new FrameDemuxer(Boolean(state.Config.Tty));
    const lines = [...demuxer.push(Buffer.from(raw)), ...demuxer.flush()];
    return lines.map((line) => line.text);
  }

  async exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult> {
    const container = this.docker.getContainer(id);
    const exec = await this.call(`exec in ${id.slice(0, 12)}`, () => container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }));
    const stream = await this.call('start exec', () => exec.start({ hijack: true, stdin: false }));
    const demuxer = new FrameDemuxer(false);
    const out: Record<'stdout' | 'stderr', string[]> = { stdout: [], stderr: [] };
    const collect = (lines: ReturnType<FrameDemuxer['push']>) => lines.forEach((l) => out[l.stream].push(l.text));
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((resolve, reject) => {
        stream.on('data', (chunk: Buffer) => collect(demuxer.push(chunk)));
        stream.on('end', () => resolve(true));
        stream.on('close', () => resolve(true));
        stream.on('error', reject);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    collect(demuxer.flush());
    if (!finished) {
      stream.destroy();
      return { exitCode: -1, stdout: out.stdout.join('\n'), stderr: `timed out after ${timeoutMs} ms` };
    }
    const result = await this.call('inspect exec', () => exec.inspect());
    return { exitCode: result.ExitCode ?? -1, stdout: out.stdout.join('\n'), stderr: out.stderr.join('\n') };
  }

  async listNetworks(labels: Record<string, string | true>): Promise<NetworkState[]> {
    const list = await this.call('list networks', () => this.docker.listNetworks({ filters: { label: labelFilter(labels) } }));
    return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
  }

  async inspectNetwork(name: string): Promise<NetworkState | undefined> {
    const json = await this.optional(`inspect network ${name}`, () => this.docker.getNetwork(name).inspect());
    return json ? { id: json.Id, name: json.Name, labels: json.Labels ?? {} } : undefined;
  }

  async createNetwork(name: string, labels: Record<string, string>): Promise<string> {
    const network = await this.call(`create network ${name}`, () =>
      this.docker.createNetwork({ Name: name, Driver: 'bridge', Labels: labels, CheckDuplicate: true }),
    );
    return network.id;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.optional(`remove network ${id}`, () => this.docker.getNetwork(id).remove());
  }

  async listVolumes(labels: Record<string, string | true>): Promise<VolumeState[]> {
    const list = await this.call('list volumes', () => this.docker.listVolumes({ filters: { label: labelFilter(labels) } }));
    return (list.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
  }

  async inspectVolume(name: string): Promise<VolumeState | undefined> {
    const json = await this.optional(`inspect volume ${name}`, () => this.docker.getVolume(name).inspect());
    return json ? { name: json.Name, labels: json.Labels ?? {} } : undefined;
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.call(`create volume ${name}`, () => this.docker.createVolume({ Name: name, Labels: labels }));
  }

  async removeVolume(name: string): Promise<void> {
    await this.optional(`remove volume ${name}`, () => this.docker.getVolume(name).remove());
  }

  async imageId(ref: string): Promise<string | undefined> {
    const json = await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect());
    return json?.Id;
  }

  async imageConfig(ref: string): Promise<ImageConfig | undefined> {
    const json = await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect());
    return json ? mapImageConfig(json as unknown as ImageInspectJson) : undefined;
  }

  async pullImage(ref: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    const tagged = withDefaultTag(ref);
    const stream = (await this.call(`pull ${tagged}`, () => this.docker.pull(tagged), 'pull')) as Readable;
    const onAbort = () => stream.destroy();
    signal?.addEventListener('abort', onAbort, { once: true });
    const folder = new PullProgressFolder();
    try {
      await this.call(
        `pull ${tagged}`,
        () =>
          readJsonLines<PullMessage & { error?: string }>(stream, (message) => {
            if (message.error) throw new Error(message.error);
            onProgress(folder.add(message));
          }),
        'pull',
      );
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async buildImage(
    context: Readable,
    options: BuildOptions,
    onLine: (line: string, event?: BuildLineEvent) => void,
    signal?: AbortSignal,
  ): Promise<BuildResult> {
    if (options.builder === 'legacy') return this.legacyBuild(context, options, onLine, signal);
    // Loaded on first build: gRPC and protobufjs are a large share of the import cost of every command.
    const { buildWithBuildKit, sessionsFor } = await import('./buildkit-build.js');
    const modem = this.docker.modem as unknown as Modem;
    if (options.session) this.buildSessions ??= await sessionsFor(modem);
    try {
      return await this.call(`build ${options.tag}`, () =>
        buildWithBuildKit(modem, options.session ? this.buildSessions : undefined, context, options, onLine, signal),
      );
    } catch (error) {
      if (!(error instanceof BuildKitUnavailable)) throw error;
      onLine(
        `BuildKit is not available on this engine (${error.message}): building with the legacy builder, where RUN --mount (cache, secret, ssh, bind), build secrets, ssh forwarding and # syntax= do not work.`,
        { kind: 'note' },
      );
      return this.legacyBuild(context, options, onLine, signal);
    }
  }

  private async legacyBuild(context: Readable, options: BuildOptions, onLine: (line: string) => void, signal?: AbortSignal): Promise<BuildResult> {
    const stream = (await this.call(`build ${options.tag}`, () =>
      this.docker.buildImage(context, {
        t: options.tag,
        dockerfile: options.dockerfile,
        ...(options.target ? { target: options.target } : {}),
        buildargs: options.buildArgs,
        labels: options.labels,
        nocache: options.noCache ?? false,
        pull: options.pull ? 'true' : undefined,
        rm: true,
        forcerm: true,
      } as Docker.ImageBuildOptions),
    )) as Readable;
    const output: string[] = [];
    let step: string | undefined;
    let imageId: string | undefined;
    const cancel = () => {
      stream.destroy();
      context.destroy();
    };
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await this.call(`build ${options.tag}`, () =>
        readJsonLines<{ stream?: string; error?: string; aux?: { ID?: string } }>(stream, (message) => {
          if (message.aux?.ID) imageId = message.aux.ID;
          for (const line of (message.stream ?? '').split('\n')) {
            if (!line.trim()) continue;
            if (/^Step \d+\/\d+ :/.test(line)) step = line;
            output.push(line);
            onLine(line);
          }
          if (message.error && /requires BuildKit/i.test(message.error)) {
            const hint =
              options.builder === 'legacy'
                ? 'Drop `x-devstack: {builder: legacy}` from the build (or --builder legacy) to build with BuildKit.'
                : 'Use an engine with BuildKit (Docker Engine 18.09 or later on Linux).';
            throw new BuilderFeatureMissingError(options.service ?? options.tag, 'legacy builder', `${step ? `${step}: ` : ''}${message.error.trim()}`, hint);
          }
          if (message.error) throw new BuildFailedError(options.service ?? options.tag, step, output.slice(-30), message.error.trim());
        }),
      );
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (signal?.aborted) throw new EngineError(`build ${options.tag}`, undefined, 'cancelled');
    return { id: imageId ?? (await this.imageId(options.tag)) ?? options.tag, builder: 'legacy' };
  }

  async *events(filters: Record<string, string[]>, signal: AbortSignal): AsyncIterable<EngineEvent> {
    const stream = (await this.call('events', () => this.docker.getEvents({ filters }))) as Readable;
    try {
      for await (const raw of jsonLinesUntilAborted<{
        Type: string;
        Action: string;
        Actor: { ID: string; Attributes?: Record<string, string> };
        timeNano: number;
      }>(stream, signal)) {
        yield {
          type: raw.Type as EngineEvent['type'],
          action: raw.Action,
          id: raw.Actor.ID,
          attributes: raw.Actor.Attributes ?? {},
          timeNano: BigInt(raw.timeNano),
        };
      }
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    }
  }

  async *logs(id: string, request: LogRequest, signal: AbortSignal): AsyncIterable<LogEntry> {
    const container = this.docker.getContainer(id);
    const short = id.slice(0, 12);
    const state = await this.call(`inspect container ${short}`, () => container.inspect());
    const options = {
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(request.tail !== undefined ? { tail: request.tail } : {}),
      ...(request.since ? { since: toEpochSeconds(request.since) } : {}),
    };
    const demuxer = new FrameDemuxer(Boolean(state.Config.Tty));
    const stamps = new TimestampedLines();
    if (!request.follow) {
      const raw = await this.call(`logs of ${short}`, () => container.logs({ ...options, follow: false }));
      for (const line of [...demuxer.push(Buffer.from(raw)), ...demuxer.flush()]) yield stamps.entry(line);
      return;
    }
    const stream = (await this.call(`follow logs of ${short}`, () => container.logs({ ...options, follow: true }))) as Readable;
    const stop = () => stream.destroy();
    if (signal.aborted) return stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const chunk of stream) for (const line of demuxer.push(chunk as Buffer)) yield stamps.entry(line);
      for (const line of demuxer.flush()) yield stamps.entry(line);
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    } finally {
      signal.removeEventListener('abort', stop);
      stream.destroy();
    }
  }

  async *stats(id: string, signal: AbortSignal): AsyncIterable<ContainerStats> {
    const short = id.slice(0, 12);
    const stream = (await this.call(`stats of ${short}`, () => this.docker.getContainer(id).stats({ stream: true }))) as unknown as Readable;
    try {
      for await (const raw of jsonLinesUntilAborted<RawStats>(stream, signal)) yield toContainerStats(raw);
    } catch (error) {
      if (!signal.aborted) throw this.unavailable(error);
    }
  }

  async execAttached(id: string, spec: ExecSpec, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const exec = await this.call(`exec in ${short}`, () =>
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        AttachStdin: Boolean(io.stdin),
        AttachStdout: true,
        AttachStderr: true,
        Tty: io.tty,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.privileged ? { Privileged: true } : {}),
        ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
      }),
    );
    const stream = (await this.call(`start exec in ${short}`, () => exec.start({ hijack: true, stdin: Boolean(io.stdin), Tty: io.tty }))) as Duplex;
    const exitCode = this.pump(stream, io).then(() => this.execExitCode(exec));
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize exec in ${short}`, () => exec.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  async attachContainer(id: string, io: ProcessIo): Promise<AttachedProcess> {
    const short = id.slice(0, 12);
    const container = this.docker.getContainer(id);
    const stream = (await this.call(`attach to ${short}`, () =>
      container.attach({ stream: true, stdin: Boolean(io.stdin), stdout: true, stderr: true, hijack: true }),
    )) as Duplex;
    const exitCode = this.pump(stream, io).then(async () => {
      const result = (await this.call(`wait for ${short}`, () => container.wait())) as { StatusCode: number };
      return result.StatusCode;
    });
    return {
      exitCode,
      resize: (size: TerminalSize) => this.call(`resize ${short}`, () => container.resize({ h: size.rows, w: size.columns })).then(() => undefined),
    };
  }

  async volumeSizes(): Promise<Record<string, number | undefined>> {
    const df = (await this.call('disk usage', () => this.docker.df())) as { Volumes?: Array<{ Name: string; UsageData?: { Size?: number } | null }> | null };
    // The engine answers -1 for a size it has not measured.
    return Object.fromEntries((df.Volumes ?? []).map((v) => [v.Name, v.UsageData?.Size !== undefined && v.UsageData.Size >= 0 ? v.UsageData.Size : undefined]));
  }

  async systemInfo(): Promise<EngineSystem> {
    const info = (await this.call('system info', () => this.docker.info())) as {
      DockerRootDir?: string;
      MemTotal?: number;
      NCPU?: number;
      SystemTime?: string;
      SecurityOptions?: string[] | null;
    };
    const version = await this.call('version', () => this.docker.version());
    return {
      rootDir: info.DockerRootDir ?? '',
      memTotalBytes: info.MemTotal ?? 0,
      cpus: info.NCPU ?? 0,
      systemTime: info.SystemTime ?? '',
      rootless: (info.SecurityOptions ?? []).some((option) => option.includes('rootless')),
      product: version.Components?.[0]?.Name ?? 'Docker Engine',
    };
  }

  async imageDetails(ref: string): Promise<ImageDetails | undefined> {
    const json = (await this.optional(`inspect image ${ref}`, () => this.docker.getImage(withDefaultTag(ref)).inspect())) as
      { Id: string; Size?: number; RootFS?: { Layers?: string[] }; Config?: { Labels?: Record<string, string> | null } | null } | undefined;
    if (!json) return undefined;
    return { id: json.Id, sizeBytes: json.Size ?? 0, layers: json.RootFS?.Layers?.length ?? 0, labels: json.Config?.Labels ?? {} };
  }

  async listImages(labels: Record<string, string | true>, options: { dangling?: boolean } = {}): Promise<ImageSummary[]> {
    const filters = { label: labelFilter(labels), ...(options.dangling ? { dangling: ['true'] } : {}) };
    const list = await this.call('list images', () => this.docker.listImages({ filters }));
    return list.map((image) => ({
      id: image.Id,
      tags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      labels: image.Labels ?? {},
      sizeBytes: image.Size,
      created: image.Created,
    }));
  }

  async removeImage(id: string): Promise<void> {
    await this.optional(`remove image ${id.slice(0, 19)}`, () => this.docker.getImage(id).remove());
  }

  async containerSizes(labels: Record<string, string | true>): Promise<Record<string, number | undefined>> {
    const list = await this.call('list containers with sizes', () =>
      this.docker.listContainers({ all: true, size: true, filters: { label: labelFilter(labels) } }),
    );
    // The engine leaves SizeRw out when nothing was written.
    return Object.fromEntries(list.map((c) => [c.Id, (c as { SizeRw?: number }).SizeRw ?? 0]));
  }

  async registryDigest(ref: string, timeoutMs: number): Promise<string | undefined> {
    const name = withDefaultTag(ref);
    // dockerode's distribution() takes no abort signal; a registry that never answers must not hold the CLI open.
    const modem = this.docker.modem as unknown as { dial(options: object, callback: (error: unknown, data: unknown) => void): void };
    try {
      const json = (await this.call(
        `look up ${name} in its registry`,
        () =>
          new Promise<unknown>((resolve, reject) => {
            const options = {
              path: `/distribution/${name}/json`,
              method: 'GET',
              statusCodes: { 200: true, 401: 'unauthorized', 404: 'no such image', 500: 'server error' },
              abortSignal: AbortSignal.timeout(timeoutMs),
            };
            modem.dial(options, (error, data) => (error ? reject(error) : resolve(data)));
          }),
      )) as { Descriptor?: { digest?: string } };
      return json.Descriptor?.digest;
    } catch (error) {
      // Podman answers 404 for the whole endpoint ("Path ... is not supported"): that says nothing about the image.
      if (error instanceof EngineError && error.statusCode === 404 && /not supported/i.test(error.message)) {
        throw new EngineError(`look up ${name} in its registry`, 501, 'this engine (Podman) cannot look images up in a registry without pulling them');
      }
      if (error instanceof EngineError && (error.statusCode === 404 || error.statusCode === 401)) return undefined;
      throw error;
    }
  }

  async execStream(id: string, spec: ExecSpec, streams: ExecStreams): Promise<ExecStreamResult> {
    const short = id.slice(0, 12);
    const exec = await this.call(`exec in ${short}`, () =>
      this.docker.getContainer(id).exec({
        Cmd: spec.cmd,
        AttachStdin: Boolean(streams.stdin),
        AttachStdout: true,
        AttachStderr: true,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.env ? { Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) } : {}),
      }),
    );
    const socket = (await this.call(`start exec in ${short}`, () => exec.start({ hijack: true, stdin: Boolean(streams.stdin) }))) as Duplex;
    const stderr = new Tail();
    const stdout = new Tail();
    const sink = streams.stdout ?? new Writable({ write: (chunk: Buffer, _encoding, done) => (stdout.add(chunk), done()) });
    // A failing source (a damaged archive) is the cause to report, not the broken connection it leads to.
    let sourceError: unknown;
    streams.stdin?.once('error', (error) => {
      sourceError = error;
      socket.destroy();
    });
    const input = streams.stdin ? pipeline(streams.stdin, socket) : Promise.resolve();
    const output = pipeline(socket, new StdoutDemuxer((chunk) => stderr.add(chunk)), sink);
    const [written, read] = await Promise.allSettled([input, output]);
    // A small source can fail before the exec started (a slow engine, ssh), with no listener yet to see it.
    sourceError ??= streams.stdin?.errored ?? undefined;
    if (sourceError) throw sourceError;
    const exitCode = await this.execExitCode(exec).catch(() => -1);
    if (exitCode === 0) {
      if (written.status === 'rejected') throw written.reason;
      if (read.status === 'rejected') throw read.reason;
    }
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  async getArchive(id: string, path: string): Promise<Readable> {
    return (await this.call(`copy ${path} out of ${id.slice(0, 12)}`, () => this.docker.getContainer(id).getArchive({ path }))) as Readable;
  }

  async putArchive(id: string, dir: string, tar: Readable): Promise<void> {
    // The engine waits for the rest of a body that stops coming: a failing source aborts the request.
    const abort = new AbortController();
    let sourceError: unknown;
    tar.once('error', (error) => {
      sourceError = error;
      abort.abort();
    });
    try {
      await this.call(`copy into ${dir} of ${id.slice(0, 12)}`, () =>
        this.docker.getContainer(id).putArchive(tar, { path: dir, abortSignal: abort.signal } as unknown as Record<string, unknown>),
      );
    } catch (error) {
      throw sourceError ?? error;
    }
    if (sourceError) throw sourceError;
  }

  async pauseContainer(id: string): Promise<void> {
    await this.call(`pause container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).pause());
  }

  async unpauseContainer(id: string): Promise<void> {
    try {
      await this.call(`unpause container ${id.slice(0, 12)}`, () => this.docker.getContainer(id).unpause());
    } catch (error) {
      // 409: it is not paused, the state the caller wanted.
      if (error instanceof EngineError && error.statusCode === 409) return;
      throw error;
    }
  }

  /** Copies a hijacked stream to the caller's outputs (demultiplexed unless a TTY) and their stdin into it; resolves when it ends. */
  private pump(stream: Duplex, io: ProcessIo): Promise<void> {
    if (io.tty) stream.on('data', (chunk: Buffer) => io.stdout.write(chunk));
    else this.docker.modem.demuxStream(stream, io.stdout, io.stderr);
    // Ending our stdin half-closes the connection, which the engine passes on as EOF to the process.
    io.stdin?.pipe(stream);
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        io.stdin?.unpipe(stream);
        resolve();
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', (error) => {
        io.stdin?.unpipe(stream);
        reject(this.unavailable(error));
      });
    });
  }

  /** The exec's stream can end a moment before the engine records the exit code. */
  private async execExitCode(exec: Docker.Exec): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const state = await this.call('inspect exec', () => exec.inspect());
      if (!state.Running && state.ExitCode !== null) return state.ExitCode;
      if (attempt >= 100) throw new EngineError('inspect exec', undefined, 'the command ended but the engine reports no exit code');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
