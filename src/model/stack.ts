/**
 * The stack as devstack understands it: plain data produced by src/config and consumed by the planner.
 * Every field is already interpolated, normalised and validated; nothing here refers back to YAML.
 */

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  /** Compose's `restart: true`: recreate this service when the dependency is recreated. */
  restart: boolean;
  required: boolean;
}

export interface PortSpec {
  /** 127.0.0.1 unless the file names a host address: ports on 0.0.0.0 bypass host firewalls. */
  hostIp: string;
  /** Undefined lets the engine pick a free port. */
  hostPort?: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export type MountSpec =
  /** `source` is the volume's engine name (VolumeSpec.name, e.g. `<project>_data`), not its key in the file. */
  | { type: 'volume'; source: string; target: string; readOnly: boolean }
  | { type: 'bind'; source: string; target: string; readOnly: boolean }
  | { type: 'tmpfs'; target: string; sizeBytes?: number };

export interface HealthcheckSpec {
  /** Engine form: ['CMD', ...args] or ['CMD-SHELL', script]; ['NONE'] disables an image's check. */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
  /** Compose `start_interval`: how often to check during start_period; only engines with API >= 1.44 apply it. */
  startIntervalMs?: number;
}

export interface BuildSpec {
  /** Absolute path of the build context. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  labels: Record<string, string>;
  /** Build secrets (`build.secrets` naming top-level `secrets:`), handed to BuildKit through the session only. */
  secrets?: BuildSecret[];
  /** `build.ssh`: agent sockets or keys forwarded to `RUN --mount=type=ssh`. */
  ssh?: BuildSsh[];
  network?: string;
  /** `host:ip` entries for /etc/hosts during RUN steps. */
  extraHosts?: string[];
  shmSizeBytes?: number;
  cacheFrom?: string[];
  noCache?: boolean;
  pull?: boolean;
  /** `build.x-devstack.builder`: `legacy` forces the engine's old builder; BuildKit otherwise. */
  builder?: BuilderChoice;
}

export type BuilderChoice = 'buildkit' | 'legacy';

export interface BuildSecret {
  /** The id a Dockerfile mounts (`--mount=type=secret,id=...`): the build's `target`, or the secret's name. */
  id: string;
  /** A file (absolute path) or an environment variable; its value is read only when the build runs. */
  source: { file: string } | { environment: string };
  /** `file:line:col` of the declaration, for the error when the source is missing. */
  declaredAt: string;
}

export interface BuildSsh {
  id: string;
  /** Agent socket or key files; none means the agent in SSH_AUTH_SOCK. */
  paths: string[];
  declaredAt: string;
}

export type RestartPolicy = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface ServiceSpec {
  name: string;
  /** For services with `build:` and no `image:`, the planner derives `<project>-<service>`. */
  image?: string;
  build?: BuildSpec;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortSpec[];
  volumes: MountSpec[];
  dependsOn: Record<string, Dependency>;
  healthcheck?: HealthcheckSpec;
  labels: Record<string, string>;
  restart?: RestartPolicy;
  restartMaxRetries?: number;
  user?: string;
  workingDir?: string;
  init?: boolean;
  stopSignal?: string;
  stopGracePeriodMs?: number;
  memLimitBytes?: number;
  cpus?: number;
  /** e.g. `no-new-privileges:true`, `seccomp=unconfined`. */
  securityOpt?: string[];
  capAdd?: string[];
  logging?: { driver: string; options: Record<string, string> };
  /** Compose `develop:` block, kept as written for the watch issue. */
  develop?: unknown;
  /** `develop.watch` rules, validated; absent when the service has none written (watch then derives a default). */
  watch?: WatchRule[];
  /** `x-devstack:` extension block, kept as written. */
  extensions: Record<string, unknown>;
  /** Compose `read_only:`: the container's root filesystem is read-only; writable places come from tmpfs and volumes. */
  readOnly?: boolean;
  /** Compose's short `tmpfs:` list, as mounts. */
  tmpfs?: MountSpec[];
  /** `x-devstack.size_budget`: `devstack build` fails when the image is larger. */
  sizeBudgetBytes?: number;
  /** `x-devstack.test`: what `devstack test` runs in a one-off container of the service. */
  testCommand?: string[];
  /** Compose service `profiles:`; the service is in the stack because one of them is active. */
  serviceProfiles?: string[];
}

export interface VolumeSpec {
  /** Key in the stack file. */
  key: string;
  /** Name on the engine: `<project>_<key>`, or the given name for external volumes. */
  name: string;
  external: boolean;
  labels: Record<string, string>;
}

export interface StackSpec {
  /** Project name: lower-case letters, digits, '-' and '_'. */
  name: string;
  /** Absolute directory the stack file lives in; part of the project's identity. */
  projectDir: string;
  /** Absolute paths of the files the stack was read from, in merge order. */
  files: string[];
  services: Record<string, ServiceSpec>;
  volumes: Record<string, VolumeSpec>;
  /** The mode (`x-devstack.modes.<name>`) the stack was loaded in; undefined means `dev`. */
  mode?: string;
  /** Values of secret-named variables (`*PASSWORD*`, `*TOKEN*`, ...) and URL passwords, from .env and the services: masked in every printout. */
  secretValues: string[];
  /** Top-level `x-devstack.snapshots`; defaults apply when absent (src/snapshot/settings.ts). */
  snapshots?: SnapshotSettings;
}

export interface SnapshotSettings {
  /** Absolute folder the snapshots are written to; never inside a build context. */
  dir?: string;
  /** How many automatic snapshots (those `reset --volumes` takes) to keep. */
  keepAutomatic?: number;
}

export type WatchAction = 'sync' | 'rebuild' | 'sync+restart' | 'sync+exec';

/** One Compose `develop.watch` rule, paths resolved. */
export interface WatchRule {
  action: WatchAction;
  /** Absolute host path (folder or file) the rule watches. */
  path: string;
  /** Absolute container path files are copied to; present for the sync actions. */
  target?: string;
  /** Patterns in .dockerignore syntax, relative to `path`. */
  ignore: string[];
  /** Copy the whole tree into the container when watching starts. */
  initialSync: boolean;
  /** For `sync+exec`: what runs in the container after each batch is copied. */
  exec?: { command: string[]; user?: string; workingDir?: string; environment: Record<string, string>; privileged?: boolean };
  /** Where the rule was written, for messages. */
  at: { file: string; line: number; column: number };
}
