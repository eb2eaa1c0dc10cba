/** The engine seam speaks these types; nothing above src/engine/ sees dockerode's. */
import type { Readable, Writable } from 'node:stream';

export const LABEL_PROJECT = 'dev.devstack.project';
export const LABEL_PROJECT_DIR = 'dev.devstack.project-dir';
export const LABEL_SERVICE = 'dev.devstack.service';
export const LABEL_CONFIG_HASH = 'dev.devstack.config-hash';
export const LABEL_VOLUME = 'dev.devstack.volume';
export const LABEL_ONE_OFF = 'dev.devstack.one-off';
/** The mode a container was created in (`dev`, `prod`, ...); part of its config hash. */
export const LABEL_MODE = 'dev.devstack.mode';
/** The Dockerfile stage an image was built to (`build --target`, or the service's build.target). */
export const LABEL_TARGET = 'dev.devstack.target';

export interface EngineInfo {
  /** Where we connected, for messages: `unix:///var/run/docker.sock`, `tcp://…`. */
  endpoint: string;
  serverVersion: string;
  apiVersion: string;
  os: string;
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type HealthStatus = 'none' | 'starting' | 'healthy' | 'unhealthy';

export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export interface ContainerState {
  id: string;
  name: string;
  /** Image ID (sha256:…) the container runs. */
  imageId: string;
  image: string;
  labels: Record<string, string>;
  status: ContainerStatus;
  health: HealthStatus;
  exitCode: number;
  /** The kernel killed it for want of memory (its exit code then reads 137, as a stop's does). */
  oomKilled: boolean;
  startedAt?: string;
  ports: PublishedPort[];
  /** The healthcheck in force (stack or image), for active probing. */
  healthcheck?: { test: string[]; timeoutMs?: number; intervalMs?: number };
  /** Last outputs of the engine's own health probes, newest last. */
  healthLog: string[];
  /** How many of the engine's own checks ran since this start: 0 until its first one (the log keeps those of earlier starts). */
  healthChecksSinceStart?: number;
  restartCount: number;
  /** Config.User as the container was created: a name, uid, or uid:gid; empty for the image's default (root). */
  user?: string;
}

export interface ContainerSummary {
  id: string;
  name: string;
  labels: Record<string, string>;
  status: ContainerStatus;
  /** Host ports it publishes, to name the holder of a port another service wants. */
  hostPorts: number[];
  /** Named volumes it mounts, so `clean` never offers to delete one in use. */
  volumes?: string[];
}

export interface NetworkState {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface VolumeState {
  name: string;
  labels: Record<string, string>;
  createdAt?: string;
}

export interface ContainerCreateSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  ports: Array<{ hostIp: string; hostPort?: number; containerPort: number; protocol: string }>;
  mounts: Array<
    | { type: 'volume'; source: string; target: string; readOnly: boolean }
    | { type: 'bind'; source: string; target: string; readOnly: boolean }
    | { type: 'tmpfs'; target: string; sizeBytes?: number }
  >;
  network: string;
  aliases: string[];
  healthcheck?: { test: string[]; intervalMs?: number; timeoutMs?: number; retries?: number; startPeriodMs?: number; startIntervalMs?: number };
  user?: string;
  workingDir?: string;
  init?: boolean;
  stopSignal?: string;
  stopTimeoutSec?: number;
  memoryBytes?: number;
  nanoCpus?: number;
  restart?: { name: string; maximumRetryCount?: number };
  securityOpt?: string[];
  capAdd?: string[];
  logging?: { driver: string; options: Record<string, string> };
  /** For one-off containers attached to the user's terminal or pipes. */
  tty?: boolean;
  /** With a TTY, the window's size at the start (HostConfig.ConsoleSize; Engine 23+ applies it before the process runs). */
  consoleSize?: TerminalSize;
  openStdin?: boolean;
  /** Read-only root filesystem (Compose `read_only`). */
  readOnlyRootfs?: boolean;
  /** `container:<id>` joins another container's PID namespace (the watch helper reaches its files via /proc/1/root). */
  pidMode?: string;
}

/** What an image runs and with which environment, for runtime detection (`devstack debug`). */
export interface ImageConfig {
  id: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  workingDir?: string;
  user?: string;
}

export interface PullProgress {
  /** Bytes downloaded so far over all layers, and the known total (layers whose size is not yet known count 0). */
  current: number;
  total: number;
  layersDone: number;
  layers: number;
  status: string;
}

export interface BuildOptions {
  tag: string;
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  noCache?: boolean;
  pull?: boolean;
  /** `legacy` forces the engine's old builder; otherwise BuildKit, with the old one only where the engine has none. */
  builder?: 'buildkit' | 'legacy';
  /** Secret bytes by id, read when a step mounts them and sent only through the build session. */
  secrets?: Array<{
    id: string;
    read: () => Buffer;
    /** Where the bytes come from (never the bytes), to tell two builds' same-named secrets apart. */ source: string;
  }>;
  /** ssh ids and the agent socket each is forwarded to. */
  ssh?: Array<{ id: string; socket: string }>;
  network?: string;
  extraHosts?: string[];
  shmSizeBytes?: number;
  cacheFrom?: string[];
  /** The Dockerfile's `# syntax=` directive, so a frontend that cannot be pulled is named with its line. */
  syntax?: { image: string; where: string };
  /** The build calls back into a session: it has secrets or ssh, or its Dockerfile mounts them or names a frontend image. */
  session?: boolean;
  /** The Dockerfile uses heredocs (`RUN <<EOF`), which the built-in frontend of older engines cannot parse. */
  heredoc?: boolean;
  /** The service the image is for, named in build errors. */
  service?: string;
}

/** One event of a build for its onLine observer: a BuildKit step starting or ending, or a notice. Legacy output lines come without one. */
export interface BuildLineEvent {
  kind: 'started' | 'done' | 'cached' | 'failed' | 'note';
  elapsedMs?: number;
}

export interface BuildResult {
  id: string;
  builder: 'buildkit' | 'legacy';
  /** Dockerfile steps run, and how many of them came from the cache (BuildKit builds only). */
  steps?: number;
  cachedSteps?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The program the engine found missing from the container: the command never ran, and the output is the engine's words. */
  missingExecutable?: string;
}

export type EngineEventType = 'container' | 'image' | 'network' | 'volume';

export interface EngineEvent {
  type: EngineEventType;
  /** e.g. `start`, `die`, `health_status: healthy`, `destroy`. */
  action: string;
  id: string;
  attributes: Record<string, string>;
  timeNano: bigint;
}

/** One line of a container's log, with the engine's own timestamp in canonical form (src/model/timestamp.ts). */
export interface LogEntry {
  stream: 'stdout' | 'stderr';
  time: string;
  message: string;
}

export interface LogRequest {
  follow: boolean;
  /** Last N lines; undefined for all. */
  tail?: number;
  /** Canonical time; the engine includes lines stamped exactly at it. */
  since?: string;
}

/** A running container's resource use, as `docker stats` shows it. */
export interface ContainerStats {
  /** Share of one CPU, in percent (200 is two busy cores). */
  cpuPercent: number;
  /** Memory in use without the page cache. */
  memoryBytes: number;
  memoryLimitBytes: number;
}

export interface TerminalSize {
  rows: number;
  columns: number;
}

/** Where an attached process reads and writes; stdin is attached only when given. */
export interface ProcessIo {
  tty: boolean;
  /** With a TTY, the window's size when the process starts: given at creation, the process never sees a default 80x24 first. */
  size?: TerminalSize;
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
}

export interface ExecSpec {
  cmd: string[];
  user?: string;
  workingDir?: string;
  env?: Record<string, string>;
  /** Compose's `exec.privileged` on a sync+exec rule. */
  privileged?: boolean;
}

export interface AttachedProcess {
  /** Resolves once the process has ended and all its output is written. */
  exitCode: Promise<number>;
  resize(size: TerminalSize): Promise<void>;
}

export interface Engine extends ArchiveEngine {
  info(): Promise<EngineInfo>;

  listContainers(labelFilters: Record<string, string | true>): Promise<ContainerSummary[]>;
  /** Undefined when no container has that name or id. */
  inspectContainer(idOrName: string): Promise<ContainerState | undefined>;
  createContainer(spec: ContainerCreateSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Resolves also when the container was already stopped. */
  stopContainer(id: string, timeoutSec: number): Promise<void>;
  killContainer(id: string, signal?: string): Promise<void>;
  /** Never removes anonymous volumes: data goes only when the user asks. */
  removeContainer(id: string, force: boolean): Promise<void>;
  containerLogs(id: string, tail: number): Promise<string[]>;
  exec(id: string, cmd: string[], timeoutMs: number): Promise<ExecResult>;

  listNetworks(labelFilters: Record<string, string | true>): Promise<NetworkState[]>;
  inspectNetwork(name: string): Promise<NetworkState | undefined>;
  createNetwork(name: string, labels: Record<string, string>): Promise<string>;
  removeNetwork(id: string): Promise<void>;

  listVolumes(labelFilters: Record<string, string | true>): Promise<VolumeState[]>;
  inspectVolume(name: string): Promise<VolumeState | undefined>;
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;

  /** Image ID for a reference, undefined when not present locally. */
  imageId(ref: string): Promise<string | undefined>;
  /** The image's Env, Entrypoint, Cmd, WorkingDir and User; undefined when not present locally. */
  imageConfig(ref: string): Promise<ImageConfig | undefined>;
  pullImage(ref: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void>;
  /**
   * Builds through BuildKit (a `version=2` build with a session for secrets, ssh and credentials) or the legacy builder,
   * reporting each step (BuildKit) or output line (legacy) through onLine; throws BuildFailedError on failure. The signal cancels the build.
   */
  buildImage(context: Readable, options: BuildOptions, onLine: (line: string, event?: BuildLineEvent) => void, signal?: AbortSignal): Promise<BuildResult>;

  /** Engine events from now on, until the signal aborts. */
  events(filters: Record<string, string[]>, signal: AbortSignal): AsyncIterable<EngineEvent>;

  /** A container's log lines, always with timestamps; with `follow`, until the container stops or the signal aborts. */
  logs(id: string, request: LogRequest, signal: AbortSignal): AsyncIterable<LogEntry>;
  /** A running container's CPU and memory, one sample about every second, until it stops or the signal aborts. */
  stats(id: string, signal: AbortSignal): AsyncIterable<ContainerStats>;
  /** Runs a command in a running container with the caller's streams attached. */
  execAttached(id: string, spec: ExecSpec, io: ProcessIo): Promise<AttachedProcess>;
  /** Attaches to a created container before it starts, so no output is missed; exitCode waits for it to stop. */
  attachContainer(id: string, io: ProcessIo): Promise<AttachedProcess>;
  /** Disk use of every volume by name, undefined where the engine has not measured it. */
  volumeSizes(): Promise<Record<string, number | undefined>>;
  /** Where the engine keeps its data, its memory and clock, for `devstack doctor`. */
  systemInfo(): Promise<EngineSystem>;
  /** Size, layer count and labels of a local image, for `devstack build`'s table; undefined when absent. */
  imageDetails(ref: string): Promise<ImageDetails | undefined>;
  /** Local images carrying these labels; with `dangling`, only untagged ones. */
  listImages(labelFilters: Record<string, string | true>, options?: { dangling?: boolean }): Promise<ImageSummary[]>;
  /** Removes one image by id, never forced: the engine refuses while a container uses it. */
  removeImage(id: string): Promise<void>;
  /** Disk use of each listed container's writable layer, by container id. */
  containerSizes(labelFilters: Record<string, string | true>): Promise<Record<string, number | undefined>>;
  /**
   * The digest a registry holds for `ref`, asked through the engine (its mirrors and logins) without pulling;
   * undefined when the registry has no such image (or will not say without a login). Throws when the
   * registry cannot be asked within `timeoutMs`.
   */
  registryDigest(ref: string, timeoutMs: number): Promise<string | undefined>;
}

export interface ImageDetails {
  id: string;
  sizeBytes: number;
  layers: number;
  labels: Record<string, string>;
}

export interface ImageSummary {
  id: string;
  /** `repo:tag` references; empty for a dangling image. */
  tags: string[];
  labels: Record<string, string>;
  sizeBytes: number;
  /** Seconds since the epoch. */
  created: number;
}

export interface EngineSystem {
  /** DockerRootDir: images, containers and volumes live under it (on the engine's host). */
  rootDir: string;
  memTotalBytes: number;
  cpus: number;
  /** The engine host's clock when it answered, RFC 3339. */
  systemTime: string;
  rootless: boolean;
  /** e.g. `Docker Engine - Community`, `Podman Engine`. */
  product: string;
}

/** Where a streaming exec reads and writes: bytes, with backpressure, never collected whole. */
export interface ExecStreams {
  /** Piped to the process's stdin; its end is the process's EOF. */
  stdin?: Readable;
  /** Receives the process's stdout; without it stdout is kept (up to a small tail) in the result. */
  stdout?: Writable;
}

export interface ExecStreamResult {
  exitCode: number;
  /** The last few kB of stdout (when not streamed) and stderr, for messages. */
  stdout: string;
  stderr: string;
}

/**
 * Snapshots move volume contents through the engine (no host bind mounts), as streams, so memory stays
 * flat however large the data.
 */
export interface ArchiveEngine {
  /** Runs a command streaming its stdin/stdout; rejects when a stream fails, resolves with the exit code otherwise. */
  execStream(id: string, spec: ExecSpec, streams: ExecStreams): Promise<ExecStreamResult>;
  /** A tar of `path` in the container (running or not), as the engine sends it. */
  getArchive(id: string, path: string): Promise<Readable>;
  /** Extracts a tar into `dir` in the container (running or not), keeping the owners written in the tar. */
  putArchive(id: string, dir: string, tar: Readable): Promise<void>;
  pauseContainer(id: string): Promise<void>;
  /** Resolves also when the container was not paused. */
  unpauseContainer(id: string): Promise<void>;
}
