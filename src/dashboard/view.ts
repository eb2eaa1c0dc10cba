/** What the page shows: plain data, sent to the browser as JSON (secrets already masked). */
import type { DebugState } from '../debug/debug-state.js';
import type { Endpoint } from '../profiles/endpoints.js';

export interface ServiceView {
  service: string;
  container: string | null;
  state: string;
  health: string;
  /** The engine's last healthcheck outputs, newest last. */
  healthLog: string[];
  ports: Array<{ url: string; containerPort: number; protocol: string }>;
  image: string;
  mode: string | null;
  startedAt: string | null;
  restartCount: number;
  dependsOn: string[];
  /** Has a `build:` section, so it can be rebuilt. */
  build: boolean;
  debug: DebugState | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
}

export interface SnapshotView {
  name: string;
  createdAt: string;
  automatic: boolean;
  reason?: string;
  bytes: number;
  volumes: string[];
}

export interface ProjectView {
  project: string;
  projectDir: string;
  services: ServiceView[];
  endpoints: Endpoint[];
  snapshots: SnapshotView[];
  /** Started as `watch --ui`: the page shows the watch timeline before its first event (any dashboard shows it once a watch of the project reports). */
  watching: boolean;
}

export interface LogLineView {
  service: string;
  stream: 'stdout' | 'stderr';
  time: string;
  message: string;
}

export type ActionKind = 'start' | 'stop' | 'restart' | 'rebuild' | 'reset' | 'debug-on' | 'debug-off' | 'snapshot-save' | 'snapshot-restore' | 'undo';

export interface ActionRequest {
  kind: ActionKind;
  service?: string;
  /** reset: delete the service's volumes too; `confirmed` lists the ones the page showed and the person agreed to. */
  volumes?: boolean;
  confirmed?: string[];
  /** snapshot-save / snapshot-restore: the snapshot's name. */
  name?: string;
}

export interface ActionView {
  id: number;
  kind: ActionKind;
  service?: string;
  /** What the page says it is doing, worded as the CLI command that does the same. */
  command: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  elapsedMs?: number;
  /** The lines the CLI command would say, as they come. */
  lines: string[];
  /** The CLI's error message and hint, when it failed. */
  error?: string;
}

export interface VolumePlanView {
  service?: string;
  delete: Array<{ name: string; size: string; bytes: number | null }>;
  kept: Array<{ name: string; reason: string }>;
  /** Set when a volume to delete is also mounted by a service the reset leaves running: the CLI's refusal, which the page shows instead of offering the delete. */
  refusal?: string;
  snapshot: boolean;
}
